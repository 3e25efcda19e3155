package org.iocstream.connectors.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndicatorFeedTokensTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsCreatedWithTheDemoSourceWhoseTokenIsWrittenBesideItOwnerOnly() throws Exception {
        Path file = dir.resolve("feeds").resolve("tokens.properties");

        FeedTokens tokens = FeedTokens.open(file, new SecureRandom());

        Path demoToken = dir.resolve("feeds").resolve("demo.token");
        String token = Files.readString(demoToken).strip();
        assertThat(token).hasSize(43); // 32 bytes in unpadded base64url
        assertThat(tokens.authenticate(token)).contains("demo");
        assertThat(tokens.authenticate(token + "x")).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(Files.readString(file)).contains("demo=" + FeedTokens.hash(token)).doesNotContain(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(demoToken))).isEqualTo("rw-------");
        // a second start keeps the file and its token
        assertThat(FeedTokens.open(file, new SecureRandom()).authenticate(token)).contains("demo");
    }

    @Test
    void hashesAreSha256InLowerCaseHex() {
        // the FIPS 180-2 test vector for "abc"
        assertThat(FeedTokens.hash("abc"))
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aChangedFileIsReadAgainAndABrokenOneKeepsTheTokensOfBefore() throws Exception {
        Path file = dir.resolve("tokens.properties");
        Files.writeString(file, "LGSP=" + FeedTokens.hash("lgsp-secret") + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-01T00:00:00Z")));
        FeedTokens tokens = FeedTokens.open(file, new SecureRandom());
        assertThat(tokens.authenticate("lgsp-secret")).contains("LGSP");
        assertThat(tokens.authenticate("form-secret")).isEmpty();

        Files.writeString(file, "form-upload=" + FeedTokens.hash("form-secret") + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-02T00:00:00Z")));
        assertThat(tokens.authenticate("form-secret")).contains("form-upload");
        assertThat(tokens.authenticate("lgsp-secret")).as("revoked by removing its line").isEmpty();

        Files.writeString(file, "form-upload=plain-token\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-03T00:00:00Z")));
        assertThat(tokens.authenticate("form-secret")).contains("form-upload");
    }

    @Test
    void aLineThatIsNotSourceEqualsHashStopsTheStart() throws Exception {
        Path file = dir.resolve("tokens.properties");
        Files.writeString(file, "LGSP=secret\n");
        assertThatThrownBy(() -> FeedTokens.open(file, new SecureRandom())).hasMessageContaining("'LGSP'")
                .hasMessageContaining("sha256:");
        Files.writeString(file, "a/b=" + FeedTokens.hash("x") + "\n");
        assertThatThrownBy(() -> FeedTokens.open(file, new SecureRandom())).hasMessageContaining("'a/b'");
        assertThat(FeedTokens.isValidSource("form-upload")).isTrue();
        assertThat(FeedTokens.isValidSource("..")).isFalse();
        assertThat(FeedTokens.isValidSource("")).isFalse();
    }
}
