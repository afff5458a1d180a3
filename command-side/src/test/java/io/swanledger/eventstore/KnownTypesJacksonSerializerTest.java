package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.LRUMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class KnownTypesJacksonSerializerTest {

    record Counted(int n) {
    }

    private final AtomicInteger lookups = new AtomicInteger();
    private final ObjectMapper json = new ObjectMapper().setTypeFactory(new TypeFactory(new LRUMap<>(16, 200)) {
        @Override
        public Class<?> findClass(String className) throws ClassNotFoundException {
            lookups.incrementAndGet();
            return super.findClass(className);
        }
    });
    private final JacksonSerializer serializer = KnownTypesJacksonSerializer.build(JacksonSerializer.builder().objectMapper(json));

    @Test
    void looksUpTheClassOfAStoredTypeOnceForEveryEventOfIt() {
        SerializedObject<byte[]> first = serializer.serialize(new Counted(1), byte[].class);
        SerializedObject<byte[]> second = serializer.serialize(new Counted(2), byte[].class);
        assertEquals(new Counted(1), serializer.deserialize(first));
        assertEquals(new Counted(2), serializer.deserialize(second));
        assertEquals(Counted.class, serializer.classForType(second.getType()));
        assertEquals(1, lookups.get(), "the class looked up for the first event only");
    }

    @Test
    void leavesATypeWithoutAClassUnknownAsAxonDoes() {
        SimpleSerializedType gone = new SimpleSerializedType("io.swanledger.NoLongerThere", null);
        assertEquals(UnknownSerializedType.class, serializer.classForType(gone));
        assertEquals(UnknownSerializedType.class, serializer.classForType(gone));
        assertEquals(1, lookups.get(), "Axon's own cache of unknown types answers the second time");
        assertEquals(Void.class, serializer.classForType(SimpleSerializedType.emptyType()));
    }
}
