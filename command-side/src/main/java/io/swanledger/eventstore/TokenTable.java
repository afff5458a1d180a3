package io.swanledger.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.AbstractTokenEntry;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;

/**
 * The processors' tokens through Axon's JDBC token store, in the {@code token_entry} table that
 * Hibernate made for Axon's JPA token store (same rows, same serialized tokens, same owner names, so a
 * store keeps its positions across the change). JPA compiled its update query anew for every stored
 * token: that was half of the routing processor's CPU under load.
 */
public final class TokenTable extends JdbcTokenStore {

    private TokenTable(Builder builder) {
        super(builder);
    }

    /** A token store on {@code token_entry} of a store of {@code kind}, in the unit of work's transaction. */
    public static TokenTable create(ConnectionProvider connections, Serializer serializer, StoreEnvironment.Kind kind) {
        Builder builder = JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer)
                .contentType(byte[].class).schema(schema(kind));
        return new TokenTable(builder);
    }

    static TokenSchema schema(StoreEnvironment.Kind kind) {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                // a reserved word, quoted as the migration quoted it for this store
                .setTimestampColumn(StoreEnvironment.migrationPlaceholders(kind).get("timestamp_column"))
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * As Axon's, but the timestamp is read by its label, unquoted: Axon reads it by the quoted name the
     * statements need, which no driver takes for a label (and its selects differ in column order).
     */
    @Override
    protected AbstractTokenEntry<?> readTokenEntry(ResultSet resultSet) throws SQLException {
        return new GenericTokenEntry<>(readSerializedData(resultSet, "token"), resultSet.getString("token_type"),
                resultSet.getString("timestamp"), resultSet.getString("owner"), resultSet.getString("processor_name"),
                resultSet.getInt("segment"), byte[].class);
    }
}
