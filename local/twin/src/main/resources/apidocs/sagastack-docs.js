// Swagger UI on the twin's own OpenAPI document. validatorUrl null: no call to validator.swagger.io,
// so the page needs nothing beyond the twin.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
};
