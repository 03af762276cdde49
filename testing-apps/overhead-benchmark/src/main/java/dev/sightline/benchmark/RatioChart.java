package dev.sightline.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Small multiples, one panel per metric: Sightline's and the OpenTelemetry agent's median as a
 * multiple of the no-agent median (dashed line = 1×). The jar panel shows sizes instead.
 */
final class RatioChart {

  private static final List<Metric> PANELS = List.of(Metric.STARTUP, Metric.STARTUP_CPU,
      Metric.THROUGHPUT, Metric.P50, Metric.P99, Metric.CPU_PER_REQUEST, Metric.PEAK_RSS,
      Metric.HEAP, Metric.CLASSES, Metric.JAR);
  private static final int COLUMNS = 5;
  private static final int PANEL_WIDTH = 250;
  private static final int PANEL_HEIGHT = 250;
  private static final int HEADER = 70;
  private static final Color SIGHTLINE = new Color(0x2B6CB0);
  private static final Color OTEL = new Color(0xDD8A2E);

  private RatioChart() {}

  static void write(Summary summary, String subtitle, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int rows = (PANELS.size() + COLUMNS - 1) / COLUMNS;
    BufferedImage image = new BufferedImage(COLUMNS * PANEL_WIDTH, HEADER + rows * PANEL_HEIGHT,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      g.drawString("Agent overhead relative to no agent (median; 1× = no agent)", 16, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(subtitle, 16, 48);
      legend(g, image.getWidth() - 330, 22);
      for (int i = 0; i < PANELS.size(); i++) {
        int x = (i % COLUMNS) * PANEL_WIDTH;
        int y = HEADER + (i / COLUMNS) * PANEL_HEIGHT;
        panel(g, summary, PANELS.get(i), x, y);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void legend(Graphics2D g, int x, int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(SIGHTLINE);
    g.fillRect(x, y, 14, 14);
    g.setColor(Color.BLACK);
    g.drawString("Sightline", x + 20, y + 12);
    g.setColor(OTEL);
    g.fillRect(x + 110, y, 14, 14);
    g.setColor(Color.BLACK);
    g.drawString("OpenTelemetry agent", x + 130, y + 12);
  }

  private static void panel(Graphics2D g, Summary summary, Metric metric, int x, int y) {
    boolean absolute = metric == Metric.JAR;
    double[] values = absolute
        ? new double[] {summary.figure(metric, "sightline").median(),
            summary.figure(metric, "otel").median()}
        : new double[] {summary.ratio(metric, "sightline"), summary.ratio(metric, "otel")};
    double top = absolute ? 0 : 1.2;
    for (double value : values) {
      if (!Double.isNaN(value)) {
        top = Math.max(top, value * 1.18);
      }
    }
    int left = x + 40;
    int right = x + PANEL_WIDTH - 20;
    int plotTop = y + 40;
    int bottom = y + PANEL_HEIGHT - 30;

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    String title = absolute ? metric.label() + " (MiB)" : metric.label();
    g.drawString(title, x + (PANEL_WIDTH - g.getFontMetrics().stringWidth(title)) / 2, y + 22);
    g.setStroke(new BasicStroke(1));
    g.setColor(Color.GRAY);
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, plotTop, left, bottom);

    if (!absolute) {
      int one = bottom - (int) ((bottom - plotTop) / top);
      g.setColor(Color.DARK_GRAY);
      g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
          new float[] {5, 4}, 0));
      g.drawLine(left, one, right, one);
      g.setStroke(new BasicStroke(1));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString("1×", x + 14, one + 4);
    }

    int slot = (right - left) / 2;
    int barWidth = slot / 2;
    Color[] colors = {SIGHTLINE, OTEL};
    String[] names = {"Sightline", "OTel"};
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i < values.length; i++) {
      int barX = left + i * slot + (slot - barWidth) / 2;
      g.setColor(Color.BLACK);
      g.drawString(names[i], barX + (barWidth - fm.stringWidth(names[i])) / 2, bottom + 16);
      double value = values[i];
      if (Double.isNaN(value) || top <= 0) {
        continue;
      }
      int height = (int) ((bottom - plotTop) * value / top);
      g.setColor(colors[i]);
      g.fillRect(barX, bottom - height, barWidth, height);
      g.setColor(Color.BLACK);
      String label = absolute ? Summary.format(value, 1) : Summary.format(value, 2) + "×";
      g.drawString(label, barX + (barWidth - fm.stringWidth(label)) / 2, bottom - height - 4);
    }
  }
}
