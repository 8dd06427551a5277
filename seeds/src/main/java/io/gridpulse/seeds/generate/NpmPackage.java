package io.gridpulse.seeds.generate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridpulse.seeds.SeedJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An npm package installed under {@code node_modules}, checked against the exact version the seeds
 * were derived from.
 */
record NpmPackage(String name, String version, String declaredLicense, Path dir) {

  /** The package {@code name} under {@code nodeModules}; refuses any other version. */
  static NpmPackage open(Path nodeModules, String name, String expectedVersion) throws IOException {
    Path dir = nodeModules.resolve(name);
    Path manifest = dir.resolve("package.json");
    if (!Files.isRegularFile(manifest)) {
      throw new IOException(
          "npm package "
              + name
              + " is not installed under "
              + nodeModules
              + ": run seeds/regenerate");
    }
    JsonNode json = SeedJson.mapper().readTree(manifest.toFile());
    String version = json.path("version").asText();
    if (!expectedVersion.equals(version)) {
      throw new IOException(
          "npm package " + name + " is " + version + ", the seeds need exactly " + expectedVersion);
    }
    return new NpmPackage(name, version, json.path("license").asText("?"), dir);
  }

  /** A file of the package, checked against its expected SHA-256 (the seeds' input is pinned). */
  Path file(String relative, String expectedSha256) throws IOException {
    Path file = dir.resolve(relative);
    String actual = sha256(file);
    if (!actual.equals(expectedSha256)) {
      throw new IOException(
          name
              + "@"
              + version
              + "/"
              + relative
              + " has SHA-256 "
              + actual
              + ", expected "
              + expectedSha256);
    }
    return file;
  }

  String spec() {
    return name + "@" + version;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
