package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The sector (产业/领域) of a key project, with its Chinese name. */
public enum ProjectSector implements Coded {
  MANUFACTURING("高端装备制造"),
  NEW_MATERIALS("新材料"),
  BIOMEDICINE("生物医药"),
  DIGITAL("数字经济"),
  ENERGY("新能源"),
  LOGISTICS("现代物流"),
  AGRICULTURE("现代农业"),
  CULTURE_TOURISM("文化旅游"),
  INFRASTRUCTURE("基础设施"),
  URBAN_RENEWAL("城市更新"),
  PUBLIC_SERVICES("社会民生");

  private final String chineseName;

  ProjectSector(String chineseName) {
    this.chineseName = chineseName;
  }

  public String chineseName() {
    return chineseName;
  }

  @JsonCreator
  public static ProjectSector fromCode(String code) {
    return Coded.parse(ProjectSector.class, code);
  }
}
