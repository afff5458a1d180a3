package io.swanledger.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event store's tables as Axon's JDBC engine reads and writes them: the tables and columns that
 * Hibernate made for Axon's JPA engine (which swanledger used before, and a store keeps), with two
 * statements of our own.
 *
 * <ul>
 *   <li>An aggregate's newest sequence number is read as one step down its index (H2 read all of a
 *       pool's entries for {@code max}).</li>
 *   <li>An event's global index is taken from {@code domain_event_entry_seq} the way Hibernate's pooled
 *       optimizer takes it (one {@code nextval} hands out the 50 ids up to the value returned), so a
 *       process of an earlier version writing to the same store at the same time never takes an id
 *       this one takes, and a busy gateway calls the sequence once per 50 events; a block is given
 *       up a second after it was taken ({@link #BLOCK_LIFETIME}). When a group's events would not fit
 *       in what is left of the block, the next blocks are taken ahead on a connection of its own, off the
 *       thread that commits groups: there the {@code nextval} round trip was 8 % of that thread's time
 *       under session churn (a wall-clock profile), a thread every login waits for.</li>
 *   <li>A tracking processor's query for the events after a token with gaps is a {@code UNION ALL} of
 *       the gaps by key and the range after the token. Axon's {@code OR} of the two made H2 scan the
 *       whole table: with a year of history every poll read a million rows. On PostgreSQL it is planned
 *       afresh each time (see {@link #readEventDataWithGaps}).</li>
 * </ul>
 * The JDBC engine writes a group's events in one batch and reads them back without an ORM: Hibernate's
 * persist and flush were most of the command thread's time.
 */
public final class EventTable {

    static final String EVENTS = "domain_event_entry";
    /** Hibernate's sequence for the global index, with the increment Hibernate's pooled optimizer was given. */
    static final String SEQUENCE = "domain_event_entry_seq";
    static final int BLOCK = 50;

    /**
     * How long ids taken from the sequence are used. Tracking processors read an id below the newest
     * one they have seen only while they still count it as a gap: Axon drops a gap once 10,000 newer
     * ids have been read, or when it is a minute old and the gaps number more than 250. A gateway that
     * took a block and then went quiet for hours while another wrote would commit its next events
     * under ids the processors (routing, the audit trail) no longer look at; a block is therefore
     * given up a second after it was taken, its unused ids left as gaps.
     */
    static final Duration BLOCK_LIFETIME = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(EventTable.class);

    /** One thread in the process takes blocks ahead for every store's table; a block is one short statement. */
    private static final ExecutorService AHEAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "swanledger-event-ids");
        t.setDaemon(true);
        return t;
    });

    /** Ids {@code first..last}, taken from the sequence at {@code takenAt}. */
    private record Block(long first, long last, long takenAt) {
    }

    /**
     * How long the committing thread waits for a block already on its way before it takes one itself.
     * Taking its own then cost a round trip, and the block on its way, arriving below it, was given up:
     * 50 ids that every tracking token carried as gaps (21 such blocks in one churn run).
     */
    static final Duration AHEAD_WAIT = Duration.ofMillis(100);
    /** The most blocks taken ahead at once (a group of the largest size the bus makes needs fewer). */
    static final int MAX_AHEAD = 8;

    private final StoreEnvironment.Kind kind;
    private final LongSupplier nanoClock;
    private final long aheadWaitNanos;
    /** Where a block is taken ahead, or null: then always on the committing connection, when needed. */
    private final DataSource ahead;
    private final Executor aheadOn;
    private long next;
    private long last = -1;
    private long takenAt;
    /** Blocks taken ahead, oldest first (each above the one before: one connection takes them in turn). */
    private final Deque<Block> reserve = new ArrayDeque<>();
    private boolean reserving;
    private final StoredTimestamp timestamps = new StoredTimestamp();

    EventTable(StoreEnvironment.Kind kind) {
        this(kind, System::nanoTime, null, AHEAD);
    }

    EventTable(StoreEnvironment.Kind kind, LongSupplier nanoClock, DataSource ahead, Executor aheadOn) {
        this(kind, nanoClock, ahead, aheadOn, AHEAD_WAIT);
    }

    EventTable(StoreEnvironment.Kind kind, LongSupplier nanoClock, DataSource ahead, Executor aheadOn, Duration aheadWait) {
        this.kind = kind;
        this.nanoClock = nanoClock;
        this.aheadWaitNanos = aheadWait.toNanos();
        this.ahead = ahead;
        this.aheadOn = aheadOn;
    }

    /** The columns as named in the store. */
    public static EventSchema schema() {
        return EventSchema.builder()
                .eventTable(EVENTS)
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * Sets this table's statements on a JDBC engine being built for {@code kind}; blocks of ids are
     * taken ahead on connections from {@code ahead}.
     */
    public static JdbcEventStorageEngine.Builder configure(JdbcEventStorageEngine.Builder engine, StoreEnvironment.Kind kind,
                                                           DataSource ahead) {
        EventTable table = new EventTable(kind, System::nanoTime, ahead, AHEAD);
        return engine.schema(schema()).dataType(byte[].class)
                .appendEvents(table::appendEvents)
                .lastSequenceNumberFor(EventTable::lastSequenceNumberFor)
                .readEventDataWithGaps((connection, s, globalIndex, batchSize, gaps) ->
                        readEventDataWithGaps(kind, connection, s, globalIndex, batchSize, gaps));
    }

    /**
     * The next global index, a block of {@link #BLOCK} at a time, as Hibernate's pooled optimizer hands
     * them out, a block used for at most {@link #BLOCK_LIFETIME}: the block taken ahead if there is one
     * young enough (waiting up to {@link #AHEAD_WAIT} for one on its way), else one taken now on
     * {@code connection}.
     */
    synchronized long nextIndex(Connection connection) throws SQLException {
        long now = nanoClock.getAsLong();
        if (next > last || expired(takenAt, now)) {
            if (awaitReserve()) {
                now = nanoClock.getAsLong();
            }
            Block b = reserved(now);
            if (b == null) {
                b = block(connection, now);
            }
            next = b.first();
            last = b.last();
            takenAt = b.takenAt();
        }
        return next++;
    }

    /** Waits while a block is on its way (the monitor released meanwhile); true if it waited. */
    private boolean awaitReserve() {
        if (!reserving || !reserve.isEmpty()) {
            return false;
        }
        long deadline = System.nanoTime() + aheadWaitNanos;
        try {
            for (long left = aheadWaitNanos; reserving && reserve.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * The first block taken ahead that may be used now; those passed over are left as gaps, as an
     * expired block's rest is. A block taken ahead is used only above every id handed out: one that
     * arrived after this thread had to take a block itself is below it, and ids that went back would
     * let a tracking processor read a session's close before its authorization.
     */
    private Block reserved(long now) {
        for (Block b = reserve.poll(); b != null; b = reserve.poll()) {
            if (b.first() > last && !expired(b.takenAt(), now)) {
                return b;
            }
        }
        return null;
    }

    /**
     * After a group's {@code events} ids were taken: if as many would not fit in what is left of the
     * block and the blocks already taken ahead, blocks are taken ahead for twice as many, so that a
     * group up to twice the size of the last one needs no block of its own (one that needed two blocks
     * took the second on the committing connection: a round trip in one group of seven under churn). A
     * quiet gateway's groups fit, so it takes none ahead (each would be given up unused, its ids gaps
     * that every tracking processor carries).
     */
    synchronized void reserveFor(int events) {
        long now = nanoClock.getAsLong();
        // blocks past their lifetime (left from a busier second) would only be passed over: no room
        reserve.removeIf(b -> expired(b.takenAt(), now));
        long left = (expired(takenAt, now) ? 0 : last - next + 1) + (long) reserve.size() * BLOCK;
        if (ahead == null || reserving || left >= events) {
            return;
        }
        int blocks = (int) Math.min(MAX_AHEAD, Math.max(1, (2L * events - left + BLOCK - 1) / BLOCK));
        reserving = true;
        try {
            aheadOn.execute(() -> takeAhead(blocks));
        } catch (RejectedExecutionException e) {
            reserving = false;
        }
    }

    /** Takes {@code blocks} blocks in turn, each handed over as it arrives. */
    private void takeAhead(int blocks) {
        try (Connection c = ahead.getConnection()) {
            for (int i = 0; i < blocks; i++) {
                Block b = block(c, nanoClock.getAsLong());
                synchronized (this) {
                    reserve.add(b);
                    notifyAll();
                }
            }
        } catch (SQLException | RuntimeException e) {
            // the committing thread takes its block itself, and meets the failure there if it lasts
            log.debug("no block of event ids taken ahead: {}", e.toString());
        } finally {
            synchronized (this) {
                reserving = false;
                notifyAll();
            }
        }
    }

    private static boolean expired(long takenAt, long now) {
        return now - takenAt > BLOCK_LIFETIME.toNanos();
    }

    private Block block(Connection connection, long now) throws SQLException {
        long hi = nextval(connection);
        // a new sequence starts at 1: Hibernate then hands out from there up to the next value, and so do we
        return hi < BLOCK ? new Block(hi, nextval(connection), now) : new Block(hi - BLOCK + 1, hi, now);
    }

    private long nextval(Connection connection) throws SQLException {
        String sql = kind == StoreEnvironment.Kind.H2 ? "select next value for " + SEQUENCE : "select nextval('" + SEQUENCE + "')";
        try (PreparedStatement st = connection.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private PreparedStatement appendEvents(Connection connection, EventSchema schema, Class<?> dataType,
                                           List<? extends EventMessage<?>> events, Serializer serializer,
                                           TimestampWriter timestampWriter) throws SQLException {
        String sql = "insert into " + schema.domainEventTable() + " (" + schema.globalIndexColumn() + ", "
                + schema.domainEventFields() + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        PreparedStatement st = connection.prepareStatement(sql);
        try {
            for (EventMessage<?> event : events) {
                DomainEventMessage<?> e = asDomainEventMessage(event);
                SerializedObject<?> payload = e.serializePayload(serializer, dataType);
                SerializedObject<?> metaData = e.serializeMetaData(serializer, dataType);
                st.setLong(1, nextIndex(connection));
                st.setString(2, e.getIdentifier());
                st.setString(3, e.getAggregateIdentifier());
                st.setLong(4, e.getSequenceNumber());
                st.setString(5, e.getType());
                st.setString(6, timestamps.format(e.getTimestamp()));
                st.setString(7, payload.getType().getName());
                st.setString(8, payload.getType().getRevision());
                st.setObject(9, payload.getData());
                st.setObject(10, metaData.getData());
                st.addBatch();
            }
            reserveFor(events.size());
            return st;
        } catch (SQLException | RuntimeException e) {
            st.close();
            throw e;
        }
    }

    /** As Axon stores an event that belongs to no aggregate: its own id as the aggregate's, sequence 0. */
    private static <T> DomainEventMessage<T> asDomainEventMessage(EventMessage<T> event) {
        return event instanceof DomainEventMessage<T> domain ? domain
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }

    /**
     * The newest sequence number of an aggregate as one step down its index. Axon asks for
     * {@code max(sequence_number)}, which H2 answers by reading every entry of the aggregate: for a
     * pool with a year of events, each command paid a scan of a million index entries.
     */
    private static PreparedStatement lastSequenceNumberFor(Connection connection, EventSchema schema, String aggregateId)
            throws SQLException {
        PreparedStatement st = connection.prepareStatement("select " + schema.sequenceNumberColumn() + " from "
                + schema.domainEventTable() + " where " + schema.aggregateIdentifierColumn() + " = ? order by "
                + schema.sequenceNumberColumn() + " desc limit 1");
        st.setString(1, aggregateId);
        return st;
    }

    /**
     * The events after {@code globalIndex} (a batch's worth) and those of the token's gaps. On PostgreSQL
     * the statement is planned afresh each time rather than prepared on the server: the plan PostgreSQL
     * kept for it while a new store's table was small read the table whole, and went on doing so as the
     * table grew (2–94 ms a read while a store filled, until the table was analysed again). Planning a
     * read with gaps costs far less, and with fewer gaps (see {@link #AHEAD_WAIT}) such reads are rare.
     */
    static PreparedStatement readEventDataWithGaps(StoreEnvironment.Kind kind, Connection connection, EventSchema schema,
                                                   long globalIndex, int batchSize, List<Long> gaps) throws SQLException {
        String select = "select " + schema.trackedEventFields() + " from " + schema.domainEventTable() + " where ";
        String sql = select + schema.globalIndexColumn() + " in (" + String.join(", ", Collections.nCopies(gaps.size(), "?"))
                + ") union all " + select + schema.globalIndexColumn() + " > ? and " + schema.globalIndexColumn()
                + " <= ? order by " + schema.globalIndexColumn();
        PreparedStatement st = connection.prepareStatement(sql);
        try {
            if (kind == StoreEnvironment.Kind.POSTGRESQL) {
                st.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            int i = 1;
            for (Long gap : gaps) {
                st.setLong(i++, gap);
            }
            st.setLong(i++, globalIndex);
            st.setLong(i, globalIndex + batchSize);
            return st;
        } catch (SQLException | RuntimeException e) {
            st.close();
            throw e;
        }
    }
}
