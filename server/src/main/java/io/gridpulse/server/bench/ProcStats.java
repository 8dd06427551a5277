package io.gridpulse.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process on this machine, from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status} (Linux); zeros where they cannot be read.
 */
final class ProcStats {
  /** Clock ticks a second of {@code /proc/<pid>/stat} (USER_HZ, 100 on every Linux we run on). */
  static final double TICKS = 100;

  static final int CPUS = Runtime.getRuntime().availableProcessors();

  private ProcStats() {}

  /**
   * User + system CPU seconds the process and its descendants have used so far (Elasticsearch's
   * launcher starts the node as a child JVM).
   */
  static double treeCpuSeconds(long pid) {
    double sum = cpuSeconds(pid);
    for (ProcessHandle child :
        ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(java.util.List.of())) {
      sum += cpuSeconds(child.pid());
    }
    return sum;
  }

  /** User + system CPU seconds the process has used so far. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name (which may hold spaces) in parentheses: state is field 3
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Resident memory in bytes. */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /**
   * The machine's CPU ticks so far, {@code {busy, all}} (every core; from {@code /proc/stat}: busy
   * is all but idle and I/O wait), or {@code {0, 0}} where it cannot be read.
   */
  static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long all = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        all += Long.parseLong(f[i]); // user nice system idle iowait irq softirq steal
      }
      return new long[] {all - Long.parseLong(f[4]) - Long.parseLong(f[5]), all};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** The share of the machine busy between two {@link #machineTicks} (0..1), NaN if unknown. */
  static double busy(long[] from, long[] to) {
    long all = to[1] - from[1];
    return all <= 0 ? Double.NaN : (to[0] - from[0]) / (double) all;
  }

  /** The 1-minute load average of the machine. */
  static double load() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU used by a process over an interval, as a share of the whole machine (all its cores): with
   * its descendants ({@link #start}: Elasticsearch's launcher runs the node as a child) or alone
   * ({@link #own}: the benchmark's own JVM, whose children are the services it measures).
   */
  record Share(long pid, boolean tree, double startCpu, long startNanos) {
    static Share start(long pid) {
      return new Share(pid, true, treeCpuSeconds(pid), System.nanoTime());
    }

    /** The process alone, without its descendants. */
    static Share own(long pid) {
      return new Share(pid, false, cpuSeconds(pid), System.nanoTime());
    }

    /** CPU seconds used since the start. */
    double seconds() {
      return (tree ? treeCpuSeconds(pid) : cpuSeconds(pid)) - startCpu;
    }

    /** 0..1 of the machine: 0.5 on two cores is one core busy. */
    double machine() {
      double wall = (System.nanoTime() - startNanos) / 1e9;
      double used = (tree ? treeCpuSeconds(pid) : cpuSeconds(pid)) - startCpu;
      return wall <= 0 ? 0 : used / wall / CPUS;
    }
  }
}
