package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.Category;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which category an event has, given where it happens. The overall shares are the categories'
 * {@code weight}s; within that, each category leans urban or township by its affinities in {@code
 * event-texts.json} (straw burning in villages, illegal parking in the city). The joint table of
 * category × area is fitted to both margins (the category shares and the urban/township split of
 * the volume) by iterative proportional fitting, so the leaning moves events between areas without
 * changing any category's overall share.
 */
final class CategoryMix {

  private static final int FIT_ROUNDS = 200;

  private final Map<String, Double> shares;
  private final Weighted<String> urban;
  private final Weighted<String> township;

  /**
   * @param urbanShare the share of the background volume reported in urban grids
   */
  CategoryMix(List<Category> categories, EventTexts texts, double urbanShare) {
    List<Category> used = categories.stream().filter(c -> c.weight() > 0).toList();
    if (used.isEmpty()) {
      throw new IllegalArgumentException("no category has a positive weight");
    }
    double total = used.stream().mapToInt(Category::weight).sum();
    Map<String, Double> targets = new LinkedHashMap<>();
    used.forEach(c -> targets.put(c.code(), c.weight() / total));
    this.shares = Collections.unmodifiableMap(targets);

    int n = used.size();
    double[][] joint = new double[n][2];
    for (int i = 0; i < n; i++) {
      EventTexts.CategoryText text = texts.of(used.get(i));
      joint[i][0] = text.urban();
      joint[i][1] = text.township();
    }
    double[] columns = {urbanShare, 1 - urbanShare};
    for (int round = 0; round < FIT_ROUNDS; round++) {
      for (int i = 0; i < n; i++) {
        double row = joint[i][0] + joint[i][1];
        double target = targets.get(used.get(i).code());
        joint[i][0] *= target / row;
        joint[i][1] *= target / row;
      }
      for (int a = 0; a < 2; a++) {
        double column = 0;
        for (int i = 0; i < n; i++) {
          column += joint[i][a];
        }
        for (int i = 0; i < n; i++) {
          joint[i][a] *= column > 0 ? columns[a] / column : 0;
        }
      }
    }
    List<String> codes = new ArrayList<>(targets.keySet());
    this.urban = Weighted.of(codes, c -> joint[codes.indexOf(c)][0]);
    this.township = Weighted.of(codes, c -> joint[codes.indexOf(c)][1]);
  }

  /** A category for an event in an urban or a township grid. */
  String pick(boolean urbanGrid, Random random) {
    return (urbanGrid ? urban : township).pick(random);
  }

  /** The configured share of each category (its weight over the sum of weights). */
  Map<String, Double> shares() {
    return shares;
  }
}
