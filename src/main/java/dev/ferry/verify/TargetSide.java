package dev.ferry.verify;

import dev.ferry.sink.TargetChannel;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** The target through the writer's channel: a standalone server, the master behind Sentinel, or a cluster by slot. */
final class TargetSide implements Side {
    private final TargetChannel<Integer> channel;

    TargetSide(TargetChannel<Integer> channel) {
        this.channel = channel;
    }

    @Override
    public List<Object> pipeline(int db, List<Command> commands) throws IOException {
        Object[] replies = new Object[commands.size()];
        for (int i = 0; i < commands.size(); i++) {
            channel.send(db, commands.get(i).key(), commands.get(i).argv(), i);
        }
        channel.drain(0, (i, reply) -> replies[i] = reply);
        return Arrays.asList(replies);
    }

    @Override
    public boolean holdsDb(int db) {
        return channel.holdsDb(db);
    }

    @Override
    public String name() {
        return "target " + channel.addressFor(new byte[0]);
    }

    @Override
    public void close() {
        channel.close();
    }
}
