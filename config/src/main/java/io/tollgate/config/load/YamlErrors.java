package io.tollgate.config.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns a YAML parse failure into a one-line message with line and column. The parser's own message
 * quotes the offending source line, which may hold a Secret value, so only its problem description
 * and positions are kept.
 */
final class YamlErrors {

  private YamlErrors() {}

  static String describe(JsonProcessingException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked) {
        return describe(marked);
      }
    }
    // Jackson's own parse messages (e.g. duplicate keys) name fields, never values.
    String message = e.getOriginalMessage();
    String problem = message == null ? "unparseable" : message.lines().findFirst().orElse("");
    JsonLocation location = e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      return "invalid YAML at "
          + position(location.getLineNr(), location.getColumnNr())
          + ": "
          + problem;
    }
    return "invalid YAML: " + problem;
  }

  private static String describe(MarkedYAMLException e) {
    StringBuilder out = new StringBuilder("invalid YAML");
    Mark problemMark = e.getProblemMark();
    if (problemMark != null) {
      out.append(" at ").append(position(problemMark));
    }
    out.append(": ").append(e.getProblem() == null ? "unparseable" : e.getProblem());
    if (e.getContext() != null) {
      out.append(' ').append(e.getContext());
      Mark contextMark = e.getContextMark();
      if (contextMark != null) {
        out.append(" that starts at ").append(position(contextMark));
      }
    }
    return out.toString();
  }

  private static String position(Mark mark) {
    return position(mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static String position(int line, int column) {
    return "line " + line + ", column " + column;
  }
}
