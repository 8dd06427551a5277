package io.gridpulse.seeds.generate;

import java.util.Map;

/**
 * Where the synthetic seat of each town-level unit goes, and its English name. The bearings are
 * rough, unsurveyed approximations of where each unit lies around the city; the areas grown from
 * them are synthetic and documented as such.
 *
 * <p>Urban units (streets and the market centre) sit at a distance in kilometres from the city
 * centre; towns sit on their bearing, part-way to the district boundary.
 */
final class TownLayout {

  /** The city centre (≈ the old town, 古楼). */
  static final double CENTRE_LAT = 36.45;

  static final double CENTRE_LON = 115.98;

  /** A unit's seat: bearing in degrees clockwise from north, distance in km (towns: 0). */
  record Seat(String nameEn, double bearing, double km) {}

  static final Map<String, Seat> SEATS =
      Map.ofEntries(
          Map.entry("371502001", new Seat("Gulou Subdistrict", 0, 0)),
          Map.entry("371502002", new Seat("Liuyuan Subdistrict", 225, 3.0)),
          Map.entry("371502003", new Seat("Xinqu Subdistrict", 115, 5.0)),
          Map.entry("371502004", new Seat("Huxi Subdistrict", 285, 3.0)),
          Map.entry("371502005", new Seat("Daokoupu Subdistrict", 200, 9.0)),
          Map.entry("371502006", new Seat("Yansi Subdistrict", 265, 9.5)),
          Map.entry("371502008", new Seat("Beicheng Subdistrict", 0, 4.0)),
          Map.entry("371502009", new Seat("Dongcheng Subdistrict", 60, 6.0)),
          Map.entry("371502010", new Seat("Jiangguantun Subdistrict", 35, 10.0)),
          Map.entry("371502011", new Seat("Lihaiwu Subdistrict", 170, 10.0)),
          Map.entry("371502100", new Seat("Houying Town", 250, 0)),
          Map.entry("371502101", new Seat("Shazhen Town", 95, 0)),
          Map.entry("371502102", new Seat("Tangyi Town", 295, 0)),
          Map.entry("371502103", new Seat("Liangshui Town", 25, 0)),
          Map.entry("371502104", new Seat("Douhutun Town", 355, 0)),
          Map.entry("371502105", new Seat("Zhengjia Town", 272, 0)),
          Map.entry("371502106", new Seat("Zhangluji Town", 228, 0)),
          Map.entry("371502107", new Seat("Yuji Town", 125, 0)),
          Map.entry("371502108", new Seat("Xuying Town", 150, 0)),
          Map.entry("371502109", new Seat("Zhulaozhuang Town", 180, 0)),
          Map.entry("371502110", new Seat("Guguantun Town", 60, 0)),
          Map.entry("371502115", new Seat("Hanji Town", 320, 0)),
          Map.entry("371502116", new Seat("Guangping Town", 205, 0)),
          Map.entry("371502400", new Seat("Xiangjiang Guangcai Market Service Centre", 140, 2.5)));

  private TownLayout() {}

  static Seat seat(String townCode) {
    Seat seat = SEATS.get(townCode);
    if (seat == null) {
      throw new IllegalStateException("no seat planned for town " + townCode);
    }
    return seat;
  }
}
