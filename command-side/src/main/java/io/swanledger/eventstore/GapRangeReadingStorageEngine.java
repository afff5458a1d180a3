package io.swanledger.eventstore;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;

/**
 * Axon's JPA engine with the tracking query split in two where the token has gaps. Axon asks for
 * {@code globalIndex > :token OR globalIndex IN :gaps} in one query, and H2 answers an {@code OR}
 * by scanning the whole table: with a year of history each poll of a tracking processor read a
 * million rows. As two queries (the gaps by key, then the events after the token as an index range)
 * each is an index read, and the result is the same rows in the same order: every gap lies below
 * the token's index.
 */
public class GapRangeReadingStorageEngine extends JpaEventStorageEngine {

    private static final String COLUMNS = "SELECT e.globalIndex, e.type, e.aggregateIdentifier, e.sequenceNumber, "
            + "e.eventIdentifier, e.timeStamp, e.payloadType, e.payloadRevision, e.payload, e.metaData FROM ";

    public GapRangeReadingStorageEngine(JpaEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    protected List<Object[]> fetchEvents(GapAwareTrackingToken previousToken) {
        if (previousToken == null || previousToken.getGaps().isEmpty()) {
            return super.fetchEvents(previousToken);
        }
        String from = COLUMNS + domainEventEntryEntityName() + " e WHERE ";
        List<Object[]> rows = new ArrayList<>(entityManager()
                .createQuery(from + "e.globalIndex IN :gaps ORDER BY e.globalIndex ASC", Object[].class)
                .setParameter("gaps", previousToken.getGaps())
                .setMaxResults(batchSize())
                .getResultList());
        if (rows.size() < batchSize()) {
            rows.addAll(entityManager()
                    .createQuery(from + "e.globalIndex > :token ORDER BY e.globalIndex ASC", Object[].class)
                    .setParameter("token", previousToken.getIndex())
                    .setMaxResults(batchSize() - rows.size())
                    .getResultList());
        }
        return rows;
    }
}
