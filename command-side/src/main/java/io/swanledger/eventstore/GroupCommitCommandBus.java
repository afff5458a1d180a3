package io.swanledger.eventstore;

import static org.axonframework.commandhandling.GenericCommandResultMessage.asCommandResultMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the busy path. The commands named at construction (a login's authorization, a
 * session's close) are queued; one thread takes whatever has queued up and handles it in one unit of
 * work: the pool is loaded and locked once, every event goes to the store in one flush, and one
 * commit (one fsync) makes the whole group durable before any caller hears back. Under load this
 * amortizes the commit and the pool's lock over the group; alone, a command is a group of one and
 * waits for nobody.
 *
 * <p>If anything in a group fails (a command refused, a conflict at commit, a store error), the
 * whole group is rolled back and every command in it is handled again on its own, exactly as
 * {@link SimpleCommandBus} would have, so each caller gets its own answer and nothing of the failed
 * group is kept. Commands dispatched from inside a unit of work (an event handler's) are handled
 * there, never queued: queueing them would wait for the thread that is waiting for them.
 *
 * <p>Hand-written because Axon 4 has no batching command bus: its {@code DisruptorCommandBus}
 * commits each command on its own and allows one aggregate per command (an authorization uses two).
 */
public final class GroupCommitCommandBus extends SimpleCommandBus {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitCommandBus.class);
    /** Unit-of-work resource present while a group runs. */
    private static final String IN_GROUP = GroupCommitCommandBus.class.getName() + ".group";

    /**
     * Told of every group once it is done: how many commands, how long it took, how much of that its
     * commits took (-1 if nothing committed), whether it committed as one.
     */
    public interface GroupObserver {
        void group(int commands, long nanos, long commitNanos, boolean committed);
    }

    private record Pending(CommandMessage<?> command, MessageHandler<? super CommandMessage<?>> handler,
                           CommandCallback<Object, Object> callback) {
    }

    private final ThreadTransactions transactionManager;
    private final Set<String> grouped;
    private final int maxGroup;
    private final Map<String, MessageHandler<? super CommandMessage<?>>> handlers = new ConcurrentHashMap<>();
    private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> interceptors = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    /**
     * Answers a committed group's callers: waking each waiting thread was a sixth of the committing
     * thread's CPU under churn, time the next group waited for. A group of one is answered at once.
     */
    private final ExecutorService answers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "swanledger-group-answers");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;
    private volatile GroupObserver observer = (commands, nanos, commitNanos, committed) -> { };

    /**
     * @param builder            as for a {@link SimpleCommandBus}; its transaction manager must be {@code transactionManager}
     * @param groupedCommands    the commands to group, by class
     * @param maxGroup           the most commands in one group
     */
    public GroupCommitCommandBus(Builder builder, TransactionManager transactionManager, Set<Class<?>> groupedCommands,
                                 int maxGroup) {
        this(builder, new ThreadTransactions(transactionManager), groupedCommands, maxGroup);
    }

    private GroupCommitCommandBus(Builder builder, ThreadTransactions transactionManager, Set<Class<?>> groupedCommands,
                                  int maxGroup) {
        super(builder.transactionManager(transactionManager));
        if (maxGroup < 1) {
            throw new IllegalArgumentException("a group holds at least one command, not " + maxGroup);
        }
        this.transactionManager = transactionManager;
        this.grouped = Set.copyOf(groupedCommands.stream().map(Class::getName).toList());
        this.maxGroup = maxGroup;
        this.worker = new Thread(this::work, "swanledger-group-commit");
        worker.setDaemon(true);
        worker.start();
    }

    /** True while the current command is handled as part of a group (so that it may skip checks the group's commit makes). */
    public static boolean inGroup() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root().resources().containsKey(IN_GROUP);
    }

    /**
     * True when dispatching {@code command} from this thread would queue it for a group rather than
     * handle it here: then a caller may dispatch from a thread that must not block (an event loop).
     */
    public boolean queues(Object command) {
        return !stopped && !CurrentUnitOfWork.isStarted() && handlers.containsKey(command.getClass().getName());
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        Registration registration = super.subscribe(commandName, handler);
        if (grouped.contains(commandName)) {
            handlers.put(commandName, handler);
        }
        return () -> {
            handlers.remove(commandName, handler);
            return registration.cancel();
        };
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        Registration registration = super.registerHandlerInterceptor(interceptor);
        interceptors.add(interceptor);
        return () -> {
            interceptors.remove(interceptor);
            return registration.cancel();
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <C, R> void doDispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        MessageHandler<? super CommandMessage<?>> handler = handlers.get(command.getCommandName());
        if (handler == null || stopped || CurrentUnitOfWork.isStarted()) {
            super.doDispatch(command, callback);
            return;
        }
        queue.add(new Pending(command, handler, (CommandCallback<Object, Object>) callback));
    }

    private void work() {
        List<Pending> group = new ArrayList<>(maxGroup);
        while (!stopped) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (first == null) {
                continue;
            }
            group.add(first);
            queue.drainTo(group, maxGroup - 1);
            long start = System.nanoTime();
            transactionManager.takeCommitNanos();
            boolean committed = false;
            try {
                committed = runGroup(group);
            } catch (RuntimeException | Error e) {
                // never leave a caller waiting: whatever escaped, each command is answered on its own
                log.error("a group of {} commands failed outside its unit of work; handling each on its own", group.size(), e);
                group.forEach(this::alone);
            }
            observe(group.size(), System.nanoTime() - start, transactionManager.takeCommitNanos(), committed);
            group.clear();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(this::alone);
    }

    /** Sets who is told of each group (for metrics); one at a time. */
    public void observeGroups(GroupObserver observer) {
        this.observer = observer;
    }

    private void observe(int commands, long nanos, long commitNanos, boolean committed) {
        try {
            observer.group(commands, nanos, commitNanos, committed);
        } catch (RuntimeException e) {
            log.debug("a group observer failed: {}", e.toString());
        }
    }

    /** True if the group committed as one; false if its commands were handled again each on its own. */
    private boolean runGroup(List<Pending> group) {
        List<CommandMessage<?>> messages = new ArrayList<>(group.size());
        group.forEach(p -> messages.add(p.command()));
        BatchingUnitOfWork<CommandMessage<?>> uow = new GroupUnitOfWork<>(messages);
        Object[] results = new Object[group.size()];
        int[] next = {0};
        int mark = transactionManager.mark();
        boolean failed = false;
        try {
            uow.resources().put(IN_GROUP, Boolean.TRUE);
            uow.attachTransaction(transactionManager);
            uow.executeWithResult(() -> {
                int i = next[0]++;
                results[i] = new DefaultInterceptorChain<>(uow, interceptors, group.get(i).handler()).proceed();
                return results[i];
            }, RollbackConfigurationType.ANY_THROWABLE);
        } catch (RuntimeException e) {
            // also thrown before the unit of work started (no transaction could begin): not rolled back then
            failed = true;
            rollBack(uow, e);
        } finally {
            transactionManager.rollBackSince(mark);
        }
        if (failed || uow.isRolledBack()) {
            if (group.size() > 1) {
                log.debug("a group of {} commands was rolled back; handling each on its own", group.size());
            }
            group.forEach(this::alone);
            return false;
        }
        if (group.size() == 1) {
            answer(group, results);
            return true;
        }
        List<Pending> answered = List.copyOf(group);
        try {
            answers.execute(() -> answer(answered, results));
        } catch (RejectedExecutionException e) {
            answer(answered, results); // shutting down
        }
        return true;
    }

    private static void answer(List<Pending> group, Object[] results) {
        for (int i = 0; i < group.size(); i++) {
            Pending p = group.get(i);
            p.callback().onResult(p.command(), asCommandResultMessage(results[i]));
        }
    }

    private static void rollBack(UnitOfWork<?> uow, RuntimeException cause) {
        if (uow.isActive() && !uow.isRolledBack()) {
            uow.rollback(cause);
        }
    }

    /** As {@link SimpleCommandBus} handles a command: its own unit of work, transaction and answer. */
    private void alone(Pending p) {
        handle(p.command(), p.handler(), p.callback());
    }

    /**
     * As {@link SimpleCommandBus} does, but what its unit of work lets pass still rolls the
     * transaction back and answers the caller: an {@link Error} thrown by the commit (Axon does not roll
     * back after one), or a transaction that cannot begin (the store away: Axon throws it before the
     * unit of work runs, and on the bus's own thread it had ended the thread, leaving every later
     * command unanswered).
     */
    @Override
    protected <C, R> void handle(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                                 CommandCallback<? super C, ? super R> callback) {
        int mark = transactionManager.mark();
        boolean[] answered = {false};
        Throwable failed = null;
        try {
            super.handle(command, handler, (CommandCallback<C, R>) (c, result) -> {
                answered[0] = true;
                callback.onResult(c, result);
            });
        } catch (RuntimeException | Error e) {
            failed = e;
        } finally {
            transactionManager.rollBackSince(mark);
        }
        if (failed != null && answered[0]) {
            log.warn("the caller's callback for command {} failed: {}", command.getCommandName(), failed.toString());
        } else if (failed != null) {
            log.warn("command {} failed outside its unit of work: {}", command.getCommandName(), failed.toString());
            callback.onResult(command, asCommandResultMessage(failed));
        }
    }

    /**
     * Stops taking groups once the one in hand is done (not interrupted: it may be inside a JDBC
     * call); what is still queued then is handled on its own, each answered.
     */
    public void shutdown() {
        stopped = true;
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(this::alone);
        answers.shutdown();
        try {
            answers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
