package io.gridpulse.seeds.generate;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Plausible, synthetic Chinese names: a surname drawn by rough frequency in Shandong, then one or
 * two given-name characters. Any likeness to a real person is chance.
 */
final class ChineseNames {

  /** Common surnames, most frequent first; drawn with weight 1/(rank + 4). */
  private static final String SURNAMES = "王张李刘陈杨赵孙徐马高朱于郭胡宋吴周田郑任董崔姜侯韩孟冯许曹杜魏吕袁秦齐贾范石邵程梁谢邢葛付鲁丁薛";

  private static final String MALE = "伟强磊军勇涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林洋杰志建国庆海东振兴文博";
  private static final String FEMALE = "芳娜敏静丽艳娟霞秀燕玲桂英红梅莉萍雪琳颖倩婷慧晶洁蕾丹悦欣佳怡";

  private static final double[] SURNAME_CUMULATIVE = cumulative(SURNAMES.length());

  private final Random random;

  ChineseNames(Random random) {
    this.random = random;
  }

  String next() {
    String pool = random.nextBoolean() ? MALE : FEMALE;
    StringBuilder name = new StringBuilder().append(surname());
    name.append(pool.charAt(random.nextInt(pool.length())));
    if (random.nextDouble() < 0.7) {
      name.append(pool.charAt(random.nextInt(pool.length())));
    }
    return name.toString();
  }

  List<String> next(int count) {
    return IntStream.range(0, count).mapToObj(i -> next()).toList();
  }

  private char surname() {
    double r = random.nextDouble() * SURNAME_CUMULATIVE[SURNAME_CUMULATIVE.length - 1];
    for (int i = 0; i < SURNAME_CUMULATIVE.length; i++) {
      if (r < SURNAME_CUMULATIVE[i]) {
        return SURNAMES.charAt(i);
      }
    }
    return SURNAMES.charAt(SURNAMES.length() - 1);
  }

  private static double[] cumulative(int n) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / (i + 4);
      c[i] = sum;
    }
    return c;
  }
}
