package io.tollgate.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Collects the formatted log lines of the {@code io.tollgate.config} loggers while open. */
public final class CapturedLog implements AutoCloseable {

  private final Logger logger = Logger.getLogger("io.tollgate.config");
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          String message =
              record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
          lines.add(record.getLevel() + " " + message);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  public CapturedLog() {
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  /** Lines as {@code LEVEL message}, e.g. {@code INFO a.yaml: ignoring v1 ConfigMap ...}. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
