package io.gridpulse.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end of a log file, for messages that must say what went wrong. */
final class LogTail {
  private LogTail() {}

  static String of(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no log at " + file + ")";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
      return String.join(System.lineSeparator(), tail);
    } catch (IOException e) {
      return "(could not read " + file + ": " + e + ")";
    }
  }
}
