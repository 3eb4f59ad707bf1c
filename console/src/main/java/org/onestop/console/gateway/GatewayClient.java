package org.onestop.console.gateway;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.onestop.console.ConsoleProperties;
import org.onestop.console.session.ConsoleSession;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The gateway's public API as the console calls it: exactly what any partner system calls, with the signed-in partner's
 * own token, so the gateway's authentication, scopes, ownership checks and limits all apply (the console holds no
 * credential of its own and reaches no service directly).
 */
@Component
public class GatewayClient {

    private static final ParameterizedTypeReference<Object> JSON = new ParameterizedTypeReference<>() {
    };

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(330);
    /** The token endpoint answers in milliseconds (seconds on a loaded machine); a sign-in that waits longer is told so. */
    static final Duration SIGN_IN_TIMEOUT = Duration.ofSeconds(30);

    private final WebClient http;
    private final URI gateway;

    GatewayClient(ConsoleProperties properties) {
        // uploads stream through; JSON answers (a batch report lists at most 1,000 rows a page) stay well below this
        // A gateway that accepts a connection and never answers must not hold a clerk's page (and a connection) forever:
        // connect within 5 s; an answer within UPSTREAM_TIMEOUT, past the gateway's own limit for an upload (300 s,
        // which it answers 504 itself first), so only a hung connection ends here.
        HttpClient client = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .responseTimeout(UPSTREAM_TIMEOUT);
        this.http = WebClient.builder().clientConnector(new ReactorClientHttpConnector(client))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
        this.gateway = properties.gatewayUri();
    }

    /** {@code POST /oauth2/token} with the partner's client id and secret (HTTP Basic, client_credentials). */
    public Mono<TokenGrant> signIn(String clientId, String secret) {
        return http.post().uri(api("/oauth2/token", Map.of()))
                .headers(h -> h.setBasicAuth(clientId, secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("grant_type", "client_credentials"))
                .exchangeToMono(response -> {
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.releaseBody().then(Mono.error(new SignInRefusedException(
                                response.statusCode().value(), "token endpoint answered " + response.statusCode().value())));
                    }
                    return response.bodyToMono(JSON).map(body -> grant(asMap(body)));
                })
                .timeout(SIGN_IN_TIMEOUT, Mono.error(() -> new SignInRefusedException(504,
                        "token endpoint did not answer within " + SIGN_IN_TIMEOUT.toSeconds() + " s")))
                .onErrorMap(WebClientRequestException.class, e -> new SignInRefusedException(503, "gateway unreachable"));
    }

    private static TokenGrant grant(Map<String, Object> body) {
        Object scope = body.getOrDefault("scope", "");
        Object expiresIn = body.getOrDefault("expires_in", 0);
        return new TokenGrant(String.valueOf(body.get("access_token")),
                Duration.ofSeconds(Long.parseLong(expiresIn.toString())),
                new LinkedHashSet<>(Arrays.asList(scope.toString().split(" "))));
    }

    public Mono<ApiAnswer> get(ConsoleSession session, String path, Map<String, String> query) {
        return http.get().uri(api(path, query)).headers(h -> bearer(h, session)).accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(GatewayClient::answer);
    }

    public Mono<ApiAnswer> postJson(ConsoleSession session, String path, Object body) {
        return http.post().uri(api(path, Map.of())).headers(h -> bearer(h, session)).accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(GatewayClient::answer);
    }

    public Mono<ApiAnswer> delete(ConsoleSession session, String path) {
        return http.delete().uri(api(path, Map.of())).headers(h -> bearer(h, session)).accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(GatewayClient::answer);
    }

    /** The file's bytes streamed as the body (identity-service tells CSV from XLSX by the bytes themselves). */
    public Mono<ApiAnswer> postFile(ConsoleSession session, String path, Map<String, String> query, Flux<DataBuffer> file) {
        return http.post().uri(api(path, query)).headers(h -> bearer(h, session)).accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(BodyInserters.fromDataBuffers(file))
                .exchangeToMono(GatewayClient::answer);
    }

    /**
     * A file the API serves (a report as CSV or XLSX, a printable notice): status, type and disposition as the API
     * answered, the body streamed through, never held here.
     */
    public Mono<ResponseEntity<Flux<DataBuffer>>> download(ConsoleSession session, String path, Map<String, String> query,
            MediaType accept) {
        // retrieve(), not exchangeToMono(): the body must outlive the mapping function, which releases it on return
        return http.get().uri(api(path, query)).headers(h -> bearer(h, session)).accept(accept)
                .retrieve()
                .onStatus(status -> true, response -> Mono.empty()) // a problem is passed on as the API answered it
                .toEntityFlux(DataBuffer.class)
                .map(entity -> ResponseEntity.status(entity.getStatusCode()).headers(h -> copy(entity.getHeaders(), h))
                        .body(entity.getBody()));
    }

    private static void copy(HttpHeaders from, HttpHeaders into) {
        for (String name : List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.CONTENT_LENGTH)) {
            List<String> values = from.get(name);
            if (values != null && !values.isEmpty()) {
                into.put(name, values);
            }
        }
    }

    private static Mono<ApiAnswer> answer(ClientResponse response) {
        int status = response.statusCode().value();
        return response.bodyToMono(JSON)
                .map(body -> body instanceof List<?> list
                        ? new ApiAnswer(status, Map.of(), new ArrayList<>(list))
                        : new ApiAnswer(status, asMap(body), List.of()))
                .onErrorResume(e -> Mono.just(new ApiAnswer(status, Map.of(), List.of())))
                .defaultIfEmpty(new ApiAnswer(status, Map.of(), List.of()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object body) {
        return body instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static void bearer(HttpHeaders headers, ConsoleSession session) {
        headers.setBearerAuth(session.accessToken());
    }

    /** Query values are encoded strictly (a reference may hold {@code +}, {@code &} or Chinese). */
    URI api(String path, Map<String, String> query) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromUri(gateway).path(path);
        List<String> values = new ArrayList<>();
        query.forEach((name, value) -> {
            builder.queryParam(name, "{v" + values.size() + "}");
            values.add(value);
        });
        return builder.encode().buildAndExpand(values.toArray()).toUri();
    }
}
