/** The OpenAPI 3.1 description of /api/v1/, served at /api/v1/openapi.json. */
import { MAX_RECORD_ID } from "../domain/record-id";
import { MAX_PAGE_SIZE, MAX_PUSH_ITEMS } from "./schemas";

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Service chain portal API",
      version: "1.0.0",
      description:
        "Push monthly performance measurements from your own systems and read the measurements your organisation may see: those it recorded and those shared with it. Authenticate with an organisation API token (created by an organisation admin under Settings → API tokens) as `Authorization: Bearer <token>`.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearerToken: [] }],
    paths: {
      "/metrics": {
        get: {
          operationId: "listMetrics",
          summary: "Metric definitions your organisation records with (the shared catalogue and its own)",
          responses: {
            "200": {
              description: "The metric definitions",
              content: {
                "application/json": {
                  schema: { type: "object", required: ["data"], properties: { data: { type: "array", items: { $ref: "#/components/schemas/Metric" } } } },
                },
              },
            },
            "401": error("Missing, unknown or revoked token"),
          },
        },
      },
      "/relationships": {
        get: {
          operationId: "listRelationships",
          summary: "Relationships your organisation is a party to",
          responses: {
            "200": {
              description: "The relationships",
              content: {
                "application/json": {
                  schema: { type: "object", required: ["data"], properties: { data: { type: "array", items: { $ref: "#/components/schemas/Relationship" } } } },
                },
              },
            },
            "401": error("Missing, unknown or revoked token"),
          },
        },
      },
      "/measurements": {
        get: {
          operationId: "listMeasurements",
          summary: "Measurements your organisation may see, in id order, a page at a time",
          parameters: [
            { name: "relationshipId", in: "query", schema: { type: "integer", minimum: 1, maximum: MAX_RECORD_ID } },
            { name: "metric", in: "query", schema: { type: "string" }, description: "A metric key" },
            { name: "from", in: "query", schema: { $ref: "#/components/schemas/Month" } },
            { name: "to", in: "query", schema: { $ref: "#/components/schemas/Month" } },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: 1000 } },
            { name: "after", in: "query", schema: { type: "integer", minimum: 1, maximum: MAX_RECORD_ID }, description: "The nextAfter of the previous page" },
          ],
          responses: {
            "200": {
              description: "A page of measurements",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["data", "nextAfter"],
                    properties: {
                      data: { type: "array", items: { $ref: "#/components/schemas/Measurement" } },
                      nextAfter: { type: ["integer", "null"] },
                    },
                  },
                },
              },
            },
            "400": error("Invalid query, with fieldErrors"),
            "401": error("Missing, unknown or revoked token"),
          },
        },
        post: {
          operationId: "pushMeasurements",
          summary: "Record monthly values for relationships your organisation is a party to",
          description:
            "All or nothing: when any item is invalid nothing is written. Idempotent: a value equal to the stored one is left alone, so repeating a push changes nothing. A changed value keeps its previous value in the history.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/PushRequest" } } },
          },
          responses: {
            "200": {
              description: "What the push did",
              content: { "application/json": { schema: { $ref: "#/components/schemas/PushResult" } } },
            },
            "400": error("Malformed JSON or an invalid body, with fieldErrors such as `measurements.0.month`"),
            "401": error("Missing, unknown or revoked token"),
            "403": error("A value was recorded by the other party of the relationship"),
            "404": error("A relationship your organisation is not a party to"),
            "413": error("The body is larger than 1 MB"),
            "415": error("The body is not application/json"),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearerToken: { type: "http", scheme: "bearer", description: "An organisation API token (scp_…)" } },
      schemas: {
        Month: { type: "string", pattern: "^\\d{4}-(0[1-9]|1[0-2])$", examples: ["2026-03"] },
        Metric: {
          type: "object",
          required: ["key", "nameFi", "nameEn", "unit", "direction", "aggregation", "category"],
          properties: {
            key: { type: "string" },
            nameFi: { type: "string" },
            nameEn: { type: "string" },
            unit: { type: "string" },
            direction: { enum: ["higher_better", "lower_better"] },
            aggregation: { enum: ["mean", "sum", "last"] },
            target: { type: ["number", "null"] },
            category: { type: "string" },
            factor: { type: ["string", "null"] },
            own: { type: "boolean", description: "Your organisation's own metric rather than the shared catalogue" },
          },
        },
        Party: {
          type: "object",
          properties: { id: { type: "integer" }, name: { type: "string" }, businessId: { type: ["string", "null"] } },
        },
        Relationship: {
          type: "object",
          properties: {
            id: { type: "integer" },
            chain: { type: "object", properties: { id: { type: "integer" }, name: { type: "string" } } },
            serviceName: { type: "string" },
            lifecycleStage: { type: "string" },
            provider: { $ref: "#/components/schemas/Party" },
            customer: { $ref: "#/components/schemas/Party" },
            side: { enum: ["provider", "customer"] },
          },
        },
        Measurement: {
          type: "object",
          properties: {
            id: { type: "integer" },
            metric: { type: "string" },
            relationshipId: { type: ["integer", "null"] },
            subjectOrganisationId: { type: ["integer", "null"] },
            month: { $ref: "#/components/schemas/Month" },
            value: { type: "number" },
            recordedBy: { type: "object", properties: { id: { type: "integer" }, name: { type: "string" } } },
            source: { enum: ["form", "import", "api", "seed"] },
            updatedAt: { type: "string", format: "date-time" },
          },
        },
        PushRequest: {
          type: "object",
          additionalProperties: false,
          required: ["measurements"],
          properties: {
            measurements: {
              type: "array",
              minItems: 1,
              maxItems: MAX_PUSH_ITEMS,
              items: {
                type: "object",
                additionalProperties: false,
                required: ["metric", "relationshipId", "month", "value"],
                properties: {
                  metric: { type: "string", examples: ["on_time_delivery"] },
                  relationshipId: { type: "integer", minimum: 1, maximum: MAX_RECORD_ID },
                  month: { $ref: "#/components/schemas/Month" },
                  value: { type: "number" },
                },
              },
            },
          },
        },
        PushResult: {
          type: "object",
          required: ["inserted", "updated", "unchanged"],
          properties: { inserted: { type: "integer" }, updated: { type: "integer" }, unchanged: { type: "integer" } },
        },
        Error: {
          type: "object",
          required: ["error", "message"],
          properties: {
            error: { type: "string" },
            message: { type: "string" },
            fieldErrors: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
          },
        },
      },
    },
  };
}
