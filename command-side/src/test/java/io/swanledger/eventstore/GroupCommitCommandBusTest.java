package io.swanledger.eventstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import javax.sql.DataSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;

class GroupCommitCommandBusTest {

    /** A grouped command; the handler answers {@code id + "!"} and throws for ids starting with "fail". */
    record Note(String id) {
    }

    /** A command that is not grouped, whose handler sends a grouped one and waits for it. */
    record Outer(String id) {
    }

    /** What happened, in order: "begin", "commit", "rollback", "effect:x" (x's work committed), "answer:x". */
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger failCommits = new AtomicInteger();
    private final AtomicInteger errorsLeft = new AtomicInteger(1);
    /** While true no transaction can begin, as with the store away (Spring cannot open a connection). */
    private volatile boolean storeAway;
    private final CountDownLatch gate = new CountDownLatch(1);
    private GroupCommitCommandBus bus;

    private final TransactionManager transactions = new TransactionManager() {
        @Override
        public Transaction startTransaction() {
            if (storeAway) {
                throw new IllegalStateException("Could not open JPA EntityManager for transaction");
            }
            log.add("begin");
            return new Transaction() {
                @Override
                public void commit() {
                    if (failCommits.getAndDecrement() > 0) {
                        throw new IllegalStateException("the store went away at commit");
                    }
                    log.add("commit");
                }

                @Override
                public void rollback() {
                    log.add("rollback");
                }
            };
        }
    };

    @BeforeEach
    void setUp() {
        bus = new GroupCommitCommandBus(SimpleCommandBus.builder(), transactions, Set.of(Note.class), 64);
        bus.subscribe(Note.class.getName(), message -> {
            String id = ((Note) message.getPayload()).id();
            if (id.equals("gate")) {
                assertTrue(gate.await(10, TimeUnit.SECONDS));
            }
            if (id.startsWith("fail")) {
                throw new IllegalArgumentException("refused " + id);
            }
            if (id.equals("error-always") || id.equals("error-once") && errorsLeft.getAndDecrement() > 0) {
                // what pgjdbc throws when the connection dies in the middle of the commit's batch
                CurrentUnitOfWork.get().onPrepareCommit(u -> {
                    throw new AssertionError("pgStatement.getConnection().getAutoCommit() should not throw");
                });
            }
            // work that only counts if the unit of work commits, like an appended event
            CurrentUnitOfWork.get().afterCommit(u -> log.add("effect:" + id));
            return id + "!";
        });
        bus.subscribe(Outer.class.getName(), message -> {
            FutureCallback<Object, Object> inner = new FutureCallback<>();
            bus.dispatch(GenericCommandMessage.asCommandMessage(new Note(((Outer) message.getPayload()).id() + "-inner")), inner);
            return inner.getResult(10, TimeUnit.SECONDS).getPayload();
        });
    }

    @AfterEach
    void tearDown() {
        bus.shutdown();
    }

    private FutureCallback<Object, Object> send(Object payload) {
        FutureCallback<Object, Object> callback = new FutureCallback<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage(payload), callback);
        return callback;
    }

    /** Holds the bus's thread in a command until {@link #gate} opens, so that what is sent meanwhile queues up. */
    private FutureCallback<Object, Object> holdTheBus() throws InterruptedException {
        FutureCallback<Object, Object> held = send(new Note("gate"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log.contains("begin") && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(log.contains("begin"), "the bus took the first command");
        return held;
    }

    private static CommandResultMessage<?> answer(FutureCallback<Object, Object> f) {
        return f.getResult(10, TimeUnit.SECONDS);
    }

    private long count(String entry) {
        return log.stream().filter(entry::equals).count();
    }

    @Test
    void commitsQueuedCommandsInOneTransactionAndAnswersEachAfterTheCommit() throws Exception {
        FutureCallback<Object, Object> held = holdTheBus();
        List<FutureCallback<Object, Object>> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            queued.add(send(new Note("n" + i)));
        }
        gate.countDown();
        assertEquals("gate!", answer(held).getPayload());
        for (int i = 0; i < 10; i++) {
            CommandResultMessage<?> r = answer(queued.get(i));
            assertFalse(r.isExceptional());
            assertEquals("n" + i + "!", r.getPayload(), "each caller gets its own answer");
        }
        assertEquals(2, count("begin"), "one transaction for the held command, one for the ten queued behind it: " + log);
        assertEquals(2, count("commit"));
        int commit = log.lastIndexOf("commit");
        for (int i = 0; i < 10; i++) {
            assertTrue(log.indexOf("effect:n" + i) > commit, "effects are those of the group's commit");
        }
    }

    @Test
    void answersAGroupOfSeveralAfterItsCommitFromAThreadOtherThanTheOneThatCommitsTheNext() throws Exception {
        FutureCallback<Object, Object> held = holdTheBus();
        Map<String, String> answeredOn = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            bus.dispatch(GenericCommandMessage.asCommandMessage(new Note("a" + i)), (command, result) -> {
                answeredOn.put(result.getPayload() + " after commit " + log.contains("commit"), Thread.currentThread().getName());
                answered.countDown();
            });
        }
        gate.countDown();
        assertEquals("gate!", answer(held).getPayload());
        assertTrue(answered.await(10, TimeUnit.SECONDS));
        assertEquals(Map.of("a0! after commit true", "swanledger-group-answers", "a1! after commit true",
                "swanledger-group-answers", "a2! after commit true", "swanledger-group-answers"), answeredOn);
    }

    @Test
    void tellsItsObserverOfEachGroupItsSizeAndWhetherItCommittedAsOne() throws Exception {
        List<String> groups = new CopyOnWriteArrayList<>();
        bus.observeGroups((commands, nanos, commitNanos, committed) -> groups.add(commands
                + (committed ? " committed" : " alone") + (nanos > 0 ? "" : " in no time")
                + (commitNanos >= 0 && commitNanos <= nanos ? "" : " its commit outside it")));
        FutureCallback<Object, Object> held = holdTheBus();
        List<FutureCallback<Object, Object>> queued = List.of(send(new Note("x")), send(new Note("y")), send(new Note("fail-z")));
        gate.countDown();
        answer(held);
        queued.forEach(GroupCommitCommandBusTest::answer);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (groups.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(List.of("1 committed", "3 alone"), groups, "the held command alone, then the three queued behind it, "
                + "rolled back for the refused one and handled each on its own");
    }

    @Test
    void rollsBackTheWholeGroupWhenOneCommandFailsAndAnswersEachOnItsOwn() throws Exception {
        FutureCallback<Object, Object> held = holdTheBus();
        FutureCallback<Object, Object> a = send(new Note("a"));
        FutureCallback<Object, Object> refused = send(new Note("fail-b"));
        FutureCallback<Object, Object> c = send(new Note("c"));
        gate.countDown();
        answer(held);
        assertEquals("a!", answer(a).getPayload());
        assertEquals("c!", answer(c).getPayload());
        CommandResultMessage<?> r = answer(refused);
        assertTrue(r.isExceptional());
        assertEquals("refused fail-b", r.exceptionResult().getMessage());
        // the group's transaction was rolled back, then each command ran in a transaction of its own
        assertEquals(2, count("rollback"), "the group's transaction and the refused command's own: " + log);
        assertEquals(1, count("effect:a"), "nothing of the rolled-back group is kept, nothing is done twice: " + log);
        assertEquals(1, count("effect:c"));
        assertEquals(0, count("effect:fail-b"));
    }

    @Test
    void aFailedCommitAnswersNobodyAsDoneAndHandlesEachAgain() throws Exception {
        FutureCallback<Object, Object> held = holdTheBus();
        FutureCallback<Object, Object> a = send(new Note("a"));
        FutureCallback<Object, Object> b = send(new Note("b"));
        failCommits.set(1);
        gate.countDown();
        // the held command's commit is the one that fails: alone already, it is tried once more on its own
        assertEquals("gate!", answer(held).getPayload());
        assertEquals("a!", answer(a).getPayload());
        assertEquals("b!", answer(b).getPayload());
        assertEquals(1, count("effect:gate"), log.toString());
        assertEquals(1, count("effect:a"));
        assertEquals(1, count("effect:b"));
    }

    @Test
    void handlesACommandSentFromInsideAUnitOfWorkThereInsteadOfQueueingIt() {
        CommandResultMessage<?> r = answer(send(new Outer("o")));
        assertFalse(r.isExceptional(), () -> String.valueOf(r.exceptionResult()));
        assertEquals("o-inner!", r.getPayload());
    }

    @Test
    void answersWhatIsQueuedWhenItShutsDown() throws Exception {
        FutureCallback<Object, Object> held = holdTheBus();
        FutureCallback<Object, Object> queued = send(new Note("late"));
        new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                // opens the gate anyway
            }
            gate.countDown();
        }).start();
        bus.shutdown();
        answer(held);
        assertEquals("late!", answer(queued).getPayload());
    }

    @Test
    void rollsBackATransactionLeftOpenByAnErrorAtCommitAndGoesOn() throws Exception {
        FutureCallback<Object, Object> held = holdTheBus();
        FutureCallback<Object, Object> a = send(new Note("error-once"));
        FutureCallback<Object, Object> b = send(new Note("b"));
        gate.countDown();
        answer(held);
        assertEquals("error-once!", answer(a).getPayload(), "handled again on its own after the group failed");
        assertEquals("b!", answer(b).getPayload());
        assertEquals("c!", answer(send(new Note("c"))).getPayload(), "the bus's thread goes on with a transaction of its own");
        assertEquals(count("begin"), count("commit") + count("rollback"), "every transaction was finished: " + log);
        assertEquals(1, count("effect:b"), log.toString());
    }

    @Test
    void answersACommandWhoseCommitAlwaysThrowsAnErrorAsFailed() {
        CommandResultMessage<?> r = answer(send(new Note("error-always")));
        assertTrue(r.isExceptional(), "answered, not left waiting");
        assertTrue(r.exceptionResult() instanceof AssertionError, String.valueOf(r.exceptionResult()));
        assertEquals(count("begin"), count("rollback"), "every transaction was rolled back: " + log);
        assertEquals("d!", answer(send(new Note("d"))).getPayload());
    }

    /** Seen with PostgreSQL killed: a transaction that could not begin had ended the bus's thread. */
    @Test
    void answersEveryCommandWhileNoTransactionCanBeginAndTakesCommandsAgainOnceItCan() {
        storeAway = true;
        for (String id : List.of("a", "b")) {
            CommandResultMessage<?> r = answer(send(new Note(id)));
            assertTrue(r.isExceptional(), id + " answered as failed, not left waiting");
            assertTrue(r.exceptionResult().getMessage().contains("Could not open"), String.valueOf(r.exceptionResult()));
        }
        storeAway = false;
        assertEquals("c!", answer(send(new Note("c"))).getPayload(), "the bus's thread still takes commands");
        assertEquals(List.of("begin", "commit", "effect:c"), log, "nothing of a or b was done");
    }

    /**
     * The failure seen with PostgreSQL killed, with Spring's transactions on a real database: the
     * connection dies during the commit and the driver throws an Error. The thread's next command
     * must get a connection of its own, not join the dead transaction.
     */
    @Test
    void aConnectionThatDiedDuringTheCommitIsNotUsedByTheNextCommand() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:group-commit-error;DB_CLOSE_DELAY=-1");
        DataSource dataSource = h2;
        GroupCommitCommandBus spring = new GroupCommitCommandBus(SimpleCommandBus.builder(),
                new SpringTransactionManager(new DataSourceTransactionManager(dataSource)), Set.of(Note.class), 64);
        AtomicInteger dies = new AtomicInteger(1);
        spring.subscribe(Note.class.getName(), message -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try (Statement statement = connection.createStatement()) {
                statement.execute("select 1");
            }
            if (dies.getAndDecrement() > 0) {
                CurrentUnitOfWork.get().onPrepareCommit(u -> {
                    try {
                        connection.close();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    throw new AssertionError("pgStatement.getConnection().getAutoCommit() should not throw");
                });
            }
            return ((Note) message.getPayload()).id() + "!";
        });
        try {
            for (String id : List.of("dies", "next", "after")) {
                FutureCallback<Object, Object> callback = new FutureCallback<>();
                spring.dispatch(GenericCommandMessage.asCommandMessage(new Note(id)), callback);
                CommandResultMessage<?> r = answer(callback);
                assertFalse(r.isExceptional(), () -> id + ": " + r.exceptionResult());
                assertEquals(id + "!", r.getPayload());
            }
        } finally {
            spring.shutdown();
        }
    }
}
