package io.swanledger.radius;

import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

/** Tells an event store that cannot be reached from a request the store refused for a reason of its own. */
final class StoreFailures {

    private StoreFailures() {
    }

    /** True when something in the cause chain says the database was unreachable, timed out or went away. */
    static boolean isOutage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException || c instanceof TimeoutException
                    || c instanceof org.springframework.dao.DataAccessResourceFailureException
                    || c instanceof org.springframework.dao.TransientDataAccessException
                    || c instanceof org.springframework.transaction.CannotCreateTransactionException
                    || c instanceof jakarta.persistence.PersistenceException
                    || c instanceof org.axonframework.common.AxonTransientException
                    || c instanceof org.axonframework.eventsourcing.eventstore.EventStoreException) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
