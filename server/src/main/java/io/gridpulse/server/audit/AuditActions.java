package io.gridpulse.server.audit;

/** The audit trail's action names (the {@code action} field). */
public final class AuditActions {
  private AuditActions() {}

  public static final String LOGIN = "auth.login";
  public static final String LOCKOUT = "auth.lockout";
  public static final String REFRESH = "auth.refresh";
  public static final String LOGOUT = "auth.logout";

  public static final String USER_LIST = "user.list";
  public static final String USER_SHOW = "user.show";
  public static final String USER_CREATE = "user.create";
  public static final String USER_ROLES = "user.roles";
  public static final String USER_DISABLE = "user.disable";
  public static final String USER_ENABLE = "user.enable";
  public static final String USER_PASSWORD = "user.password-reset";
  public static final String USER_UNLOCK = "user.unlock";
  public static final String USER_DELETE = "user.delete";

  public static final String KEY_LIST = "key.list";
  public static final String KEY_ISSUE = "key.issue";
  public static final String KEY_REVOKE = "key.revoke";

  public static final String AUDIT_SEARCH = "audit.search";

  public static final String READING_PLACEMENT_CREATE = "reading.placement.create";

  /** A mediation case registered or converted from an event (its steps: {@link #CASE_STEP}). */
  public static final String CASE_CREATE = "mediation.case.create";

  public static final String CASE_STEP = "mediation.case.step";
}
