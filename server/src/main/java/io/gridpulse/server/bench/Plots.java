package io.gridpulse.server.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two small SVG plots of a result, drawn by hand (no plotting library): {@code throughput.svg}, the
 * events indexed and acknowledged each second of every end-to-end round against the median ceiling;
 * {@code latency.svg}, intake latency percentiles under saturation and at half the rate.
 */
final class Plots {
  private static final String[] COLOURS = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"};
  private static final int W = 720;
  private static final int H = 360;
  private static final int L = 70;
  private static final int R = 20;
  private static final int T = 40;
  private static final int B = 50;

  private Plots() {}

  static void write(Path dir, JsonObject result) throws IOException {
    Files.writeString(dir.resolve("throughput.svg"), throughput(result));
    Files.writeString(dir.resolve("latency.svg"), latency(result));
  }

  static String throughput(JsonObject result) {
    JsonArray rounds = result.getJsonArray("rounds", new JsonArray());
    double ceiling =
        result.getJsonObject("summary", new JsonObject()).getDouble("ceilingMedian", 0.0);
    double max = ceiling;
    int seconds = 1;
    for (int i = 0; i < rounds.size(); i++) {
      JsonArray samples = rounds.getJsonObject(i).getJsonObject("endToEnd").getJsonArray("samples");
      seconds = Math.max(seconds, samples.size());
      for (int s = 0; s < samples.size(); s++) {
        max = Math.max(max, samples.getJsonObject(s).getLong("indexed"));
      }
    }
    max = nice(max);
    StringBuilder svg = open("Events indexed and acknowledged per second (GridPulse end to end)");
    axes(svg, "seconds", "events/s", seconds, max);
    double y = yOf(ceiling, max);
    svg.append(line(L, y, W - R, y, "#d62728", "6,4"));
    svg.append(
        text(
            W - R - 4,
            y - 6,
            "end",
            "#d62728",
            String.format(Locale.ROOT, "raw _bulk ceiling (median) %.0f/s", ceiling)));
    for (int i = 0; i < rounds.size(); i++) {
      JsonArray samples = rounds.getJsonObject(i).getJsonObject("endToEnd").getJsonArray("samples");
      List<double[]> points = new ArrayList<>();
      for (int s = 0; s < samples.size(); s++) {
        JsonObject p = samples.getJsonObject(s);
        points.add(new double[] {xOf(p.getInteger("t"), seconds), yOf(p.getLong("indexed"), max)});
      }
      String colour = COLOURS[i % COLOURS.length];
      svg.append(polyline(points, colour));
      svg.append(text(L + 8, T + 16 + 14 * i, "start", colour, "round " + (i + 1)));
    }
    return svg.append("</svg>\n").toString();
  }

  static String latency(JsonObject result) {
    String[] keys = {"p50", "p90", "p95", "p99", "p99.9", "max"};
    List<JsonObject> series = new ArrayList<>();
    List<String> names = new ArrayList<>();
    JsonArray rounds = result.getJsonArray("rounds", new JsonArray());
    for (int i = 0; i < rounds.size(); i++) {
      series.add(rounds.getJsonObject(i).getJsonObject("endToEnd").getJsonObject("latencyMs"));
      names.add("saturated, round " + (i + 1));
    }
    if (result.containsKey("halfRate")) {
      series.add(result.getJsonObject("halfRate").getJsonObject("latencyMs"));
      names.add("half the end-to-end rate");
    }
    double max = 1;
    for (JsonObject s : series) {
      for (String k : keys) {
        max = Math.max(max, s.getDouble(k, 0.0));
      }
    }
    max = nice(max);
    StringBuilder svg = open("Intake latency (POST of a batch → 202), ms");
    axes(svg, "percentile", "ms", keys.length - 1, max);
    for (int k = 0; k < keys.length; k++) {
      svg.append(text(xOf(k, keys.length - 1), H - B + 16, "middle", "#333", keys[k]));
    }
    for (int i = 0; i < series.size(); i++) {
      List<double[]> points = new ArrayList<>();
      for (int k = 0; k < keys.length; k++) {
        points.add(
            new double[] {
              xOf(k, keys.length - 1), yOf(series.get(i).getDouble(keys[k], 0.0), max)
            });
      }
      String colour =
          i == series.size() - 1 && result.containsKey("halfRate")
              ? "#d62728"
              : COLOURS[i % COLOURS.length];
      svg.append(polyline(points, colour));
      svg.append(text(L + 8, T + 16 + 14 * i, "start", colour, names.get(i)));
    }
    return svg.append("</svg>\n").toString();
  }

  private static StringBuilder open(String title) {
    return new StringBuilder()
        .append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                W,
                H))
        .append(
            String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H))
        .append(text(W / 2.0, 20, "middle", "#000", title));
  }

  private static void axes(StringBuilder svg, String xLabel, String yLabel, int xMax, double yMax) {
    svg.append(line(L, H - B, W - R, H - B, "#000", null))
        .append(line(L, T, L, H - B, "#000", null));
    for (int i = 0; i <= 4; i++) {
      double v = yMax * i / 4;
      double y = yOf(v, yMax);
      svg.append(line(L - 4, y, W - R, y, "#ddd", null));
      svg.append(text(L - 6, y + 4, "end", "#333", String.format(Locale.ROOT, "%,.0f", v)));
    }
    if (!"percentile".equals(xLabel)) {
      for (int i = 0; i <= 4; i++) {
        int t = xMax * i / 4;
        svg.append(text(xOf(t, xMax), H - B + 16, "middle", "#333", Integer.toString(t)));
      }
    }
    svg.append(text((L + W - R) / 2.0, H - 12, "middle", "#333", xLabel));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\" fill=\"#333\">%s</text>%n",
            (T + H - B) / 2,
            (T + H - B) / 2,
            yLabel));
  }

  private static double xOf(double v, double max) {
    return L + (W - L - R) * v / Math.max(1, max);
  }

  private static double yOf(double v, double max) {
    return H - B - (H - B - T) * v / max;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code v}. */
  static double nice(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String line(
      double x1, double y1, double x2, double y2, String colour, String dash) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>%n",
        x1,
        y1,
        x2,
        y2,
        colour,
        dash == null ? "" : " stroke-dasharray=\"" + dash + "\"");
  }

  private static String polyline(List<double[]> points, String colour) {
    StringBuilder p = new StringBuilder();
    for (double[] xy : points) {
      p.append(String.format(Locale.ROOT, "%.1f,%.1f ", xy[0], xy[1]));
    }
    return String.format(
        Locale.ROOT,
        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
        colour,
        p.toString().strip());
  }

  private static String text(double x, double y, String anchor, String colour, String s) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">%s</text>%n",
        x,
        y,
        anchor,
        colour,
        s.replace("&", "&amp;").replace("<", "&lt;"));
  }
}
