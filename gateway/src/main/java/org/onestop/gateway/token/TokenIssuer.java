package org.onestop.gateway.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.onestop.gateway.GatewayProperties;
import org.onestop.gateway.partner.Partner;
import org.springframework.stereotype.Component;

/**
 * Signs short-lived access tokens (RS256, {@code kid} in the header) describing a partner. Claims: {@code iss},
 * {@code sub} = {@code client_id}, {@code aud}, {@code iat}/{@code nbf}/{@code exp}, {@code jti}, {@code scope}
 * (space-separated), {@code partner_type}, and where they apply {@code institution_id}, {@code department},
 * {@code region}.
 */
@Component
public class TokenIssuer {

    /** An issued token. {@code expiresIn} in seconds. */
    public record Token(String value, long expiresIn, List<String> scopes) {
    }

    private final KeyRing keys;
    private final GatewayProperties.Tokens settings;
    private final Clock clock;

    TokenIssuer(KeyRing keys, GatewayProperties properties) {
        this.keys = keys;
        this.settings = properties.tokens();
        this.clock = Clock.systemUTC();
    }

    public Token issue(Partner partner, List<String> scopes) {
        return sign(partner, scopes, keys.signingKey(), Instant.now(clock), settings.ttl());
    }

    /** Also used by tests to forge expired tokens and tokens under other keys. */
    public JWTClaimsSet claims(Partner partner, List<String> scopes, Instant now, Duration ttl) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(partner.clientId())
                .audience(settings.audience())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", partner.clientId())
                .claim("scope", String.join(" ", scopes))
                .claim("partner_type", partner.type().claim());
        if (partner.institutionId() != null) {
            claims.claim("institution_id", partner.institutionId());
        }
        if (partner.department() != null) {
            claims.claim("department", partner.department());
        }
        if (partner.regionCode() != null) {
            claims.claim("region", partner.regionCode());
        }
        return claims.build();
    }

    public Token sign(Partner partner, List<String> scopes, RSAKey key, Instant now, Duration ttl) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims(partner, scopes, now, ttl));
            jwt.sign(new RSASSASigner(key));
            return new Token(jwt.serialize(), ttl.toSeconds(), scopes);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}
