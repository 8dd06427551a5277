package io.gridpulse.server.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Elasticsearch on CPUs of its own, everything else (Redis, the server, the benchmark's loader) on
 * the others, with {@code taskset} (util-linux): a model of Elasticsearch on its own machine, on
 * the one machine the benchmark has. Threads started later inherit their creator's CPUs, so pinning
 * a process's threads once pins it for good.
 */
record CpuPinning(String elasticsearch, String rest) {

  /**
   * The pinning that gives Elasticsearch {@code esCpus} (a {@code taskset} list such as {@code 1},
   * {@code 2-3} or {@code 1,3}) of the machine's {@code cpus} and the rest to everything else.
   */
  static CpuPinning of(String esCpus, int cpus) {
    TreeSet<Integer> es = parse(esCpus);
    if (es.isEmpty() || es.last() >= cpus) {
      throw new IllegalArgumentException(
          "--pin-elasticsearch " + esCpus + ": give CPUs between 0 and " + (cpus - 1));
    }
    List<String> rest = new ArrayList<>();
    for (int cpu = 0; cpu < cpus; cpu++) {
      if (!es.contains(cpu)) {
        rest.add(Integer.toString(cpu));
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(
          "--pin-elasticsearch " + esCpus + " leaves no CPU for Redis, the server and the loader");
    }
    return new CpuPinning(esCpus, String.join(",", rest));
  }

  static TreeSet<Integer> parse(String list) {
    TreeSet<Integer> cpus = new TreeSet<>();
    try {
      for (String part : list.split(",")) {
        String p = part.strip();
        int dash = p.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
        if (from < 0 || to < from) {
          throw new NumberFormatException(p);
        }
        for (int cpu = from; cpu <= to; cpu++) {
          cpus.add(cpu);
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--pin-elasticsearch " + list + ": not a CPU list (such as 1, 2-3 or 1,3)");
    }
    return cpus;
  }

  /** Every thread of {@code pid} and of its descendants on {@code cpus}. */
  static void pin(long pid, String cpus) throws IOException, InterruptedException {
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    for (long p : pids) {
      Process taskset =
          new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(p))
              .redirectErrorStream(true)
              .start();
      String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (taskset.waitFor() != 0 && ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)) {
        throw new IOException(
            "taskset could not pin process " + p + " to CPUs " + cpus + ": " + output.strip());
      }
    }
  }
}
