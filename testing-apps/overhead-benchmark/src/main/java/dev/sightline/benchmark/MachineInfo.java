package dev.sightline.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on. */
final class MachineInfo {

  private MachineInfo() {}

  static String describe() {
    return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), "
        + memory() + " RAM, " + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + ", JDK " + System.getProperty("java.vm.version")
        + " (" + System.getProperty("java.vm.vendor") + ")";
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // Not Linux.
    }
    return System.getProperty("os.arch");
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return Math.round(kb / 1048576.0) + " GiB";
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux.
    }
    return "unknown";
  }

  /** The 1-minute load average, or NaN where /proc/loadavg does not exist. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
