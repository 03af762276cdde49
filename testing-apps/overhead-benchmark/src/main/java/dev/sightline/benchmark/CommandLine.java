package dev.sightline.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command-line shape both benchmarks share: only {@code --name value} pairs, plus --help. */
final class CommandLine {

  private CommandLine() {}

  /**
   * The pairs in the order given, a name as often as given (some options repeat). Throws
   * IllegalArgumentException("help") for --help or -h, which the mains answer with their usage.
   */
  static List<Map.Entry<String, String>> pairs(String[] args) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--help") || name.equals("-h")) {
        throw new IllegalArgumentException("help");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      pairs.add(Map.entry(name, args[++i]));
    }
    return pairs;
  }
}
