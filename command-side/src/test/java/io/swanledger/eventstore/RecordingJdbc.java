package io.swanledger.eventstore;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** A JdbcTemplate that notes each round trip {@link StatementBatch} makes: "sql ×n", or "one round trip" for a text of its own. */
final class RecordingJdbc extends JdbcTemplate {

    final List<String> sent = new ArrayList<>();

    RecordingJdbc(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    public int update(String sql, Object... args) {
        sent.add(sql + " ×1");
        return super.update(sql, args);
    }

    @Override
    public int[] batchUpdate(String sql, List<Object[]> args) {
        sent.add(sql + " ×" + args.size());
        return super.batchUpdate(sql, args);
    }

    @Override
    public <T> T execute(ConnectionCallback<T> action) throws DataAccessException {
        sent.add("one round trip");
        return super.execute(action);
    }
}
