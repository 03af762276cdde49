package dev.sightline.benchmark;

import java.util.Map;

/** Reads one load tool's console output, line by line, into the figures of its scenario. */
interface MessagingToolOutput {

  void line(String line);

  /**
   * True once the measured window is covered, for tools that would otherwise go on (they are
   * then stopped); tools that end by themselves can leave it false.
   */
  boolean complete();

  /** Figures by {@link MessagingMetric#key()}; NaN for what the output did not give. */
  Map<String, Double> figures();
}
