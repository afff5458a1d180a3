package io.swanledger.radius;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import org.axonframework.common.AxonTransientException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Tells an event store that cannot be reached from a request the store refused for a reason of its own. */
final class StoreFailures {

    private StoreFailures() {
    }

    /** True when something in the cause chain says the database was unreachable, timed out or went away. */
    static boolean isOutage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException || c instanceof TimeoutException
                    || c instanceof DataAccessResourceFailureException
                    || c instanceof TransientDataAccessException
                    || c instanceof CannotCreateTransactionException
                    || c instanceof PersistenceException
                    || c instanceof AxonTransientException
                    || c instanceof EventStoreException) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
