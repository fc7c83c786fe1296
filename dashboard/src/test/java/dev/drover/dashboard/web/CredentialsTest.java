package dev.drover.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who gets in: bearer token, basic auth by password or by token, nobody else; and no secret in toString. */
class CredentialsTest {

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noneLetsEveryoneInAndNothingSetMeansNone() {
        assertThat(Credentials.NONE.required()).isFalse();
        assertThat(Credentials.NONE.authenticate(null)).contains("anonymous");
        assertThat(Credentials.fromEnv(Map.of("DASHBOARD_TOKEN", " ", "DASHBOARD_USER", "ops")).required()).isFalse();
    }

    @Test
    void aTokenWorksAsBearerOrAsABasicPasswordAndNothingElseDoes() {
        Credentials c = Credentials.fromEnv(Map.of("DASHBOARD_TOKEN", "t0ken-123"));
        assertThat(c.authenticate("Bearer t0ken-123")).contains("token");
        assertThat(c.authenticate("bearer t0ken-123")).contains("token");
        assertThat(c.authenticate(basic("whoever", "t0ken-123"))).contains("token");
        assertThat(c.authenticate("Bearer t0ken-1234")).isEmpty();
        assertThat(c.authenticate(basic("admin", ""))).isEmpty();
        assertThat(c.authenticate("Basic !!not-base64")).isEmpty();
        assertThat(c.authenticate(null)).isEmpty();
    }

    @Test
    void aPasswordNeedsItsUserWhichDefaultsToAdmin() {
        Credentials c = Credentials.fromEnv(Map.of("DASHBOARD_PASSWORD", "s3cret:with:colons"));
        assertThat(c.authenticate(basic("admin", "s3cret:with:colons"))).contains("admin");
        assertThat(c.authenticate(basic("root", "s3cret:with:colons"))).isEmpty();
        assertThat(c.authenticate("Bearer s3cret:with:colons")).isEmpty();
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void theRedactorMasksSecretsPlainEscapedAndUrlEncoded() {
        Redactor r = new Redactor(java.util.Set.of("p&ss<word>", "abc"));
        assertThat(r.scrub("a p&ss<word> b p&amp;ss&lt;word&gt; c p%26ss%3Cword%3E d abc"))
                .isEqualTo("a [redacted] b [redacted] c [redacted] d [redacted]");
    }
}
