// The gateway's own Swagger UI configuration (replaces the webjar's, which loads a sample API from the internet).
// The description is the one the gateway serves; nothing is fetched from anywhere else: no validator badge (it would
// send the description to validator.swagger.io), no remote presets. "Try it out" needs a token: Authorize with a
// partner's client id and secret (OAuth2 client credentials against /oauth2/token), never stored by the page.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "../api/v1/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
};
