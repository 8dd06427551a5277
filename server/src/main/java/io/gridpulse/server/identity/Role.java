package io.gridpulse.server.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a user may do. A user may hold several; {@code dept} and {@code project} are bound to a
 * department, {@code town} and {@code reading} to a town, {@code mediator} to a mediator of the
 * seeds.
 */
public enum Role {
  /** District leadership: reads everything. */
  LEADER("leader"),
  /** Duty officer: reads all, triages, dispatches, supervises, closes. */
  DUTY("duty"),
  /** A department's staff, bound to one department code. */
  DEPT("dept"),
  /** A town's (street's) staff, bound to one town code. */
  TOWN("town"),
  /** Administrator: users and keys. */
  ADMIN("admin"),
  /**
   * A key project's lead (项目牵头单位), bound to one department code like {@code dept}: reports the
   * progress of, and raises and resolves the problems of, the projects its department leads.
   */
  PROJECT("project"),
  /**
   * A reading volunteer (书香山东·数字阅读), bound to one town code: places QR codes in that town and reads
   * its town's reading figures.
   */
  READING("reading"),

  /**
   * A mediator (people's mediator or legal worker of the seeds), bound to one mediator id: sees and
   * acts on the mediation cases assigned to them.
   */
  MEDIATOR("mediator");

  private final String code;

  Role(String code) {
    this.code = code;
  }

  /** The role's name in tokens, JSON and Redis. */
  public String code() {
    return code;
  }

  public static Optional<Role> of(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }
}
