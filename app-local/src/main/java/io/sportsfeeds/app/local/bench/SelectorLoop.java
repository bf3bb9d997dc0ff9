package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** One selector thread of a {@link WebSocketSwarm} and the tasks other threads hand it. */
final class SelectorLoop {
    final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    SelectorLoop() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    void run() {
        try {
            while (running) {
                selector.select();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (SelectionKey ready : selector.selectedKeys()) {
                    SwarmConnection connection = (SwarmConnection) ready.attachment();
                    if (!ready.isValid()) {
                        continue;
                    }
                    if (ready.isConnectable()) {
                        connection.onConnectable();
                    } else {
                        if (ready.isWritable()) {
                            connection.flush();
                        }
                        if (ready.isValid() && ready.isReadable()) {
                            connection.onReadable();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the selector failed", e);
        } finally {
            // Closes asked for just before the stop still send their close frames.
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            List<SelectionKey> keys = new ArrayList<>(selector.keys());
            for (SelectionKey key : keys) {
                ((SwarmConnection) key.attachment()).drop("the bench stopped");
            }
            try {
                selector.close();
            } catch (IOException e) {
                // Closing at the end of a run; nothing is left to report to.
            }
        }
    }
}
