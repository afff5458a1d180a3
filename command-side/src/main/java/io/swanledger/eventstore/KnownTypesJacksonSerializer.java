package io.swanledger.eventstore;

import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer that looks up the class of a stored type once. Axon's asks Jackson, which
 * runs {@code Class.forName} for every event read (twice: when the event is wrapped and when it is
 * deserialized), a seventh of the event store reader's CPU under churn. Types without a class are left
 * to Axon's own cache of unknown types.
 */
public final class KnownTypesJacksonSerializer extends JacksonSerializer {

    private final ConcurrentHashMap<String, Class<?>> known = new ConcurrentHashMap<>();

    private KnownTypesJacksonSerializer(Builder builder) {
        super(builder);
    }

    /** The serializer {@code builder} describes. */
    public static JacksonSerializer build(Builder builder) {
        return new KnownTypesJacksonSerializer(builder);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        Class<?> found = known.get(type.getName());
        if (found != null) {
            return found;
        }
        Class<?> resolved = super.classForType(type);
        if (resolved != UnknownSerializedType.class && resolved != Void.class) {
            known.put(type.getName(), resolved);
        }
        return resolved;
    }
}
