package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swanledger.it.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.jpa.TokenEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class TokenTableTest {

    private final Serializer serializer = JacksonSerializer.defaultSerializer();
    // token_entry as the migrations make it (V1, with H2's quoting of its timestamp column)
    private final DataSource store = Schema.h2();
    private final ConnectionProvider connections = store::getConnection;

    /** The row as Axon's JPA token store persisted its entity. */
    private void insertAsJpaDid(String processor, TrackingToken token, String owner) throws SQLException {
        insertAsJpaDid(processor, token, owner, null);
    }

    private void insertAsJpaDid(String processor, TrackingToken token, String owner, Instant at) throws SQLException {
        TokenEntry entity = new TokenEntry(processor, 0, token, serializer);
        try (Connection c = store.getConnection(); PreparedStatement st = c.prepareStatement("insert into token_entry "
                + "(processor_name, segment, owner, \"TIMESTAMP\", token, token_type) values (?, 0, ?, ?, ?, ?)")) {
            st.setString(1, processor);
            st.setString(2, owner);
            st.setString(3, at == null ? entity.timestampAsString() : at.toString());
            st.setBytes(4, entity.getSerializedToken().getData());
            st.setString(5, entity.getTokenType().getName());
            st.executeUpdate();
        }
    }

    @Test
    void takesOverThePositionTheJpaTokenStoreLeftAndStoresTheNextOne() throws SQLException {
        GapAwareTrackingToken left = GapAwareTrackingToken.newInstance(4_711, List.of(4_700L, 4_705L));
        insertAsJpaDid("routing", left, null);
        TokenTable tokens = TokenTable.create(connections, serializer, StoreEnvironment.Kind.H2);

        assertEquals(left, tokens.fetchToken("routing", 0));
        TrackingToken next = left.advanceTo(4_712, 10_000);
        tokens.storeToken(next, "routing", 0);

        assertEquals(next, tokens.fetchToken("routing", 0));
    }

    @Test
    void takesOverThePositionOfAProcessThatDiedOnceItsClaimHasRunOut() throws SQLException {
        // a gateway killed while it held the token: its claim is 10 s old and runs out
        GapAwareTrackingToken left = GapAwareTrackingToken.newInstance(110, List.of(13L, 14L));
        insertAsJpaDid("routing", left, "4242@killed-gateway", Instant.now().minusSeconds(60));
        TokenTable tokens = TokenTable.create(connections, serializer, StoreEnvironment.Kind.H2);

        assertArrayEquals(new int[] {0}, tokens.fetchSegments("routing"));
        assertEquals(List.of(0), tokens.fetchAvailableSegments("routing").stream().map(s -> s.getSegmentId()).toList());
        assertEquals(left, tokens.fetchToken("routing", 0));
    }

    @Test
    void refusesAPositionAnotherProcessHoldsWithinItsClaim() throws SQLException {
        insertAsJpaDid("routing", GapAwareTrackingToken.newInstance(10, List.of()), "4242@other-gateway");
        TokenTable tokens = TokenTable.create(connections, serializer, StoreEnvironment.Kind.H2);

        assertThrows(UnableToClaimTokenException.class, () -> tokens.fetchToken("routing", 0));
    }
}
