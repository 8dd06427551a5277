package io.gridpulse.server;

import io.gridpulse.seeds.District;
import io.gridpulse.server.identity.LockState;
import io.gridpulse.server.identity.OrgUnits;
import io.gridpulse.server.identity.Role;
import io.gridpulse.server.identity.User;
import io.gridpulse.server.identity.UserAdmin;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./gridpulse users …}: the administrator's user commands, straight against Redis
 * (GRIDPULSE_REDIS_URL or --redis-url). Passwords are read from the terminal without echo, or as
 * the first line of standard input when it is not a terminal (for scripts).
 */
@Command(
    name = "users",
    description = "Create, list, disable, enable, unlock users and reset passwords.",
    subcommands = {
      UsersCommand.ListUsers.class,
      UsersCommand.Create.class,
      UsersCommand.Show.class,
      UsersCommand.Disable.class,
      UsersCommand.Enable.class,
      UsersCommand.Unlock.class,
      UsersCommand.ResetPassword.class
    })
final class UsersCommand {
  @Option(names = "--redis-url", description = "Redis (default: GRIDPULSE_REDIS_URL)")
  String redisUrl;

  UserAdmin connect() throws Exception {
    String url = redisUrl != null ? redisUrl : Main.peek(new JsonObject()).redisUrl();
    return UserAdmin.connect(url, OrgUnits.of(District.load()));
  }

  static String password(String prompt) throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("%s: ", prompt);
      char[] again = console.readPassword("again: ");
      if (first == null || !new String(first).equals(new String(again))) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      return new String(first);
    }
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (line == null || line.isBlank()) {
      throw new IllegalArgumentException("no password on standard input");
    }
    return line.strip();
  }

  static void print(User user) {
    Main.OUT.println(user.toJson().encode());
  }

  abstract static class Sub implements Callable<Integer> {
    @ParentCommand UsersCommand parent;

    abstract void run(UserAdmin admin) throws Exception;

    @Override
    public Integer call() throws Exception {
      try (UserAdmin admin = parent.connect()) {
        run(admin);
        return 0;
      } catch (Exception e) {
        Main.say("users: " + Main.rootMessage(e));
        return 1;
      }
    }
  }

  @Command(name = "list", description = "Every user, one JSON object a line.")
  static final class ListUsers extends Sub {
    @Override
    void run(UserAdmin admin) {
      admin.list().forEach(UsersCommand::print);
    }
  }

  @Command(name = "create", description = "A new user; the password is asked for.")
  static final class Create extends Sub {
    @Parameters(index = "0", description = "user name (lower case)")
    String username;

    @Option(names = "--display-name", description = "the name shown")
    String displayName;

    @Option(
        names = "--role",
        required = true,
        description = "leader, duty, dept, town, project, reading, mediator or admin (repeatable)")
    List<String> roles;

    @Option(names = "--dept", description = "department code, with --role dept or --role project")
    String dept;

    @Option(names = "--town", description = "town code, with --role town or reading")
    String town;

    @Option(names = "--mediator", description = "mediator id (of the seeds), with --role mediator")
    String mediator;

    @Override
    void run(UserAdmin admin) throws Exception {
      Set<Role> set = EnumSet.noneOf(Role.class);
      for (String role : roles) {
        set.add(Role.valueOf(role.toUpperCase(Locale.ROOT)));
      }
      print(
          admin.create(
              username,
              displayName == null ? username : displayName,
              set,
              dept,
              town,
              mediator,
              password("password for " + username)));
    }
  }

  @Command(name = "show", description = "One user and its lock state.")
  static final class Show extends Sub {
    @Parameters(index = "0")
    String username;

    @Override
    void run(UserAdmin admin) {
      LockState lock = admin.lockState(username);
      Main.OUT.println(admin.get(username).toJson().put("lock", lock.toJson()).encode());
    }
  }

  @Command(name = "disable", description = "Refuse sign-in and end the user's sessions.")
  static final class Disable extends Sub {
    @Parameters(index = "0")
    String username;

    @Override
    void run(UserAdmin admin) {
      print(admin.disable(username));
    }
  }

  @Command(name = "enable", description = "Allow sign-in again.")
  static final class Enable extends Sub {
    @Parameters(index = "0")
    String username;

    @Override
    void run(UserAdmin admin) {
      print(admin.enable(username));
    }
  }

  @Command(name = "unlock", description = "Lift a lock after failed sign-ins.")
  static final class Unlock extends Sub {
    @Parameters(index = "0")
    String username;

    @Override
    void run(UserAdmin admin) {
      admin.unlock(username);
      Main.say("unlocked " + username);
    }
  }

  @Command(
      name = "reset-password",
      description = "A new password (asked for); ends the user's sessions.")
  static final class ResetPassword extends Sub {
    @Parameters(index = "0")
    String username;

    @Override
    void run(UserAdmin admin) throws Exception {
      admin.resetPassword(username, password("new password for " + username));
      Main.say("password reset for " + username);
    }
  }
}
