package dev.ferry.sink;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.config.Delivery;
import dev.ferry.event.RedisEvent;
import dev.ferry.config.RedisWriterConfig;
import dev.ferry.metrics.FerryMetric;
import dev.ferry.sink.exactlyonce.CheckpointedWriter;
import dev.ferry.sink.exactlyonce.MarkerKeys;
import dev.ferry.sink.exactlyonce.TargetDataLostException;
import dev.ferry.sink.exactlyonce.WriterState;
import dev.ferry.sink.exactlyonce.WriterStateSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The Flink side of {@link RedisWriter}: one target connection per subtask, a flush before every
 * checkpoint barrier (so a completed checkpoint means the target acknowledged everything before it) and
 * at end of input, conflicts on the {@link #CONFLICTS} side output, and counters as metrics and as job
 * accumulators for the end-of-run summary. {@code [flink] delivery} decides when replicated commands are applied
 * ({@link CheckpointedWriter}); what it holds back is kept in the checkpoint as a {@link WriterState}.
 */
public final class RedisWriterOperator extends AbstractStreamOperator<Void> implements OneInputStreamOperator<RedisEvent, Void>, BoundedOneInput {
    public static final OutputTag<Conflict> CONFLICTS = new OutputTag<>("conflicts", TypeInformation.of(Conflict.class));

    /** Accumulator names, read by the CLI summary. */
    public static final String ACC_RECEIVED = "ferry.keys.received";
    public static final String ACC_WRITTEN = "ferry.keys.written";
    public static final String ACC_WRITTEN_BY_COMMANDS = "ferry.keys.written_by_commands";
    public static final String ACC_BYTES = "ferry.bytes.written";
    public static final String ACC_EXPIRED = "ferry.keys.expired_skipped";
    public static final String ACC_IDENTICAL = "ferry.keys.identical";
    public static final String ACC_REWRITTEN = "ferry.conflicts.rewritten";
    public static final String ACC_SKIPPED = "ferry.conflicts.skipped";
    public static final String ACC_UNSUPPORTED = "ferry.conflicts.unsupported_on_target";
    public static final String ACC_CROSS_SLOT = "ferry.conflicts.unsupported_cross_slot";
    public static final String ACC_COMMANDS = "ferry.commands.written";
    /** Commands found on the target already and not applied again (see {@link WriteStats#alreadyApplied()}). */
    public static final String ACC_ALREADY_APPLIED = "ferry.commands.already_applied";
    /** Earliest first write and latest last acknowledgement over the subtasks (epoch ms): the steady-state window. */
    public static final String ACC_FIRST_WRITE_MS = "ferry.write.first_ms";
    public static final String ACC_LAST_ACK_MS = "ferry.write.last_ack_ms";

    private static final int READ_TIMEOUT_MS = 60_000;
    /** How long a write may wait in the writer's buffer for the pipeline to fill before it is sent anyway. */
    private static final long SEND_EVERY_MS = 50;

    private final RedisWriterConfig target;
    private final ConflictPolicy policy;
    private final int pipelineLimit;
    private final CommandPathSettings commandPath;
    private final long maxQps;
    private final Delivery delivery;
    private final String markerPrefix;

    private transient RedisWriter writer;
    private transient CheckpointedWriter delivered;
    private transient ListState<WriterState> checkpointed;
    private transient List<WriterState> restored;
    private transient long firstWriteMs;
    private transient StreamRecord<Conflict> reuse;
    private transient Map<String, LongCounter> published;
    private transient LongMaximum lastAck;

    /** @param maxQps {@code [advanced] target_redis_max_qps}: commands per second for all subtasks together, 0 = no limit */
    public RedisWriterOperator(RedisWriterConfig target, ConflictPolicy policy, int pipelineLimit, CommandPathSettings commandPath,
            long maxQps, Delivery delivery, String markerPrefix) {
        this.target = target;
        this.policy = policy;
        this.pipelineLimit = pipelineLimit;
        this.commandPath = commandPath;
        this.maxQps = maxQps;
        this.delivery = delivery;
        this.markerPrefix = markerPrefix;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        checkpointed = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("ferry-writer", WriterStateSerializer.INSTANCE));
        restored = new ArrayList<>();
        checkpointed.get().forEach(restored::add);
    }

    @Override
    public void open() throws Exception {
        super.open();
        reuse = new StreamRecord<>(null);
        published = new HashMap<>();
        TargetChannel<Object> channel = RateLimitedChannel.around(TargetChannels.of(target, READ_TIMEOUT_MS), maxQps,
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        writer = new RedisWriter(channel, policy, pipelineLimit, commandPath,
                c -> output.collect(CONFLICTS, reuse.replace(c)), System::currentTimeMillis);
        writer.open();
        delivered = new CheckpointedWriter(writer, delivery, new MarkerKeys(markerPrefix, target.cluster()),
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        try {
            delivered.open(restored);
        } catch (TargetDataLostException lost) {
            throw new SuppressRestartsException(lost); // every restart from this checkpoint would find the same
        }
        restored = null;
        getProcessingTimeService().scheduleWithFixedDelay(now -> writer.sendBuffered(), SEND_EVERY_MS, SEND_EVERY_MS);
        WriteStats s = writer.stats();
        MetricGroup g = getMetricGroup().addGroup("ferry");
        g.gauge(FerryMetric.KEYS_RECEIVED.flinkName(), s::received);
        g.gauge(FerryMetric.KEYS_WRITTEN.flinkName(), s::written);
        g.gauge("keysWrittenByRestore", s::writtenByRestore);
        g.gauge(FerryMetric.KEYS_WRITTEN_BY_COMMANDS.flinkName(), s::writtenByCommands);
        g.gauge(FerryMetric.BYTES_WRITTEN.flinkName(), s::bytes);
        g.gauge(FerryMetric.EXPIRED_SKIPPED.flinkName(), s::expiredSkipped);
        g.gauge(FerryMetric.IDENTICAL_SKIPPED.flinkName(), s::identical);
        g.gauge(FerryMetric.CONFLICTS_REWRITTEN.flinkName(), s::rewritten);
        g.gauge(FerryMetric.CONFLICTS_SKIPPED.flinkName(), s::skipped);
        g.gauge(FerryMetric.UNSUPPORTED_ON_TARGET.flinkName(), s::unsupported);
        g.gauge(FerryMetric.UNSUPPORTED_CROSS_SLOT.flinkName(), s::crossSlot);
        g.gauge(FerryMetric.COMMANDS_RECEIVED.flinkName(), s::commandsReceived);
        g.gauge(FerryMetric.COMMANDS_WRITTEN.flinkName(), s::commandsWritten);
        g.gauge(FerryMetric.KEYS_SENT.flinkName(), s::keysSent);
        g.gauge(FerryMetric.COMMANDS_SENT.flinkName(), s::commandsSent);
        ChannelStats c = writer.channelStats();
        g.gauge(FerryMetric.TARGET_REDIRECTS.flinkName(), c::redirects);
        g.gauge(FerryMetric.TARGET_RETRIES.flinkName(), c::retries);
        g.gauge(FerryMetric.TARGET_RECONNECTS.flinkName(), c::reconnects);
        g.gauge("commandsAlreadyApplied", s::alreadyApplied);
        g.gauge("heldForCheckpoint", delivered::held);
    }

    @Override
    public void processElement(StreamRecord<RedisEvent> element) {
        if (firstWriteMs == 0) {
            firstWriteMs = System.currentTimeMillis();
        }
        delivered.write(element.getValue());
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        delivered.beforeBarrier(checkpointId);
        // a job stopped with a savepoint ends without finish(): its summary has what the savepoint's flush acknowledged
        publish();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointed.update(List.of(delivered.snapshot(context.getCheckpointId())));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        delivered.checkpointComplete(checkpointId);
        publish(); // what a stop-with-savepoint's commit applied is in the summary
    }

    @Override
    public void endInput() {
        delivered.endOfInput();
    }

    @Override
    public void finish() throws Exception {
        delivered.endOfInput();
        publish();
        super.finish();
    }

    /** Makes the accumulators hold the counts so far (registered once, updated at every checkpoint and at the end). */
    private void publish() {
        WriteStats s = writer.stats();
        add(ACC_RECEIVED, s.received());
        add(ACC_WRITTEN, s.written());
        add(ACC_WRITTEN_BY_COMMANDS, s.writtenByCommands());
        add(ACC_BYTES, s.bytes());
        add(ACC_EXPIRED, s.expiredSkipped());
        add(ACC_IDENTICAL, s.identical());
        add(ACC_REWRITTEN, s.rewritten());
        add(ACC_SKIPPED, s.skipped());
        add(ACC_UNSUPPORTED, s.unsupported());
        add(ACC_CROSS_SLOT, s.crossSlot());
        add(ACC_COMMANDS, s.commandsWritten());
        add(ACC_ALREADY_APPLIED, s.alreadyApplied());
        if (firstWriteMs > 0) {
            if (lastAck == null) {
                lastAck = new LongMaximum();
                getRuntimeContext().addAccumulator(ACC_FIRST_WRITE_MS, new LongMinimum(firstWriteMs));
                getRuntimeContext().addAccumulator(ACC_LAST_ACK_MS, lastAck);
            }
            lastAck.add(System.currentTimeMillis());
        }
    }

    private void add(String name, long value) {
        LongCounter c = published.computeIfAbsent(name, n -> {
            LongCounter registered = new LongCounter();
            getRuntimeContext().addAccumulator(n, registered);
            return registered;
        });
        c.resetLocal();
        c.add(value);
    }

    @Override
    public void close() throws Exception {
        if (writer != null) {
            writer.close();
        }
        super.close();
    }
}
