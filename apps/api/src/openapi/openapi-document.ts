import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  getSchemaPath,
  type OpenAPIObject,
  type OperationObject,
  type ResponsesObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { REFRESH_COOKIE } from '../auth/refresh-cookie.js';
import { ErrorResponseDto } from '../common/error-response.js';
import { documentHealthRoute } from '../health/health.route.js';

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The API's OpenAPI document, as /docs-json serves it and `npm run openapi:write` writes
 * it for the console's typed client. Every operation names its own operationId (in
 * @ApiOperation): the default, `Controller_method`, changes whenever a method is renamed
 * and would break every generated client.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('MOU Tracker')
      .setDescription(
        'International cooperation agreements, their milestones and deadlines. Calendar dates are YYYY-MM-DD; ' +
          'instants are ISO 8601 with zone. Errors share one shape: statusCode, error, message, code, errors[{field, message}], requestId.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'accessToken from POST /auth/login',
      })
      .addCookieAuth(REFRESH_COOKIE, {
        type: 'apiKey',
        in: 'cookie',
        name: REFRESH_COOKIE,
        description: 'The browser console’s refresh token (httpOnly, SameSite=Strict, Path=/auth)',
      })
      .build(),
    { extraModels: [ErrorResponseDto] },
  );
  documentHealthRoute(document);
  documentErrors(document);
  return document;
}

/**
 * Every route that takes an access token can answer 401 (none, expired, session ended)
 * and 403 (role or agency, or PASSWORD_CHANGE_REQUIRED while a one-time password is
 * unchanged), whether or not its controller says so: a generated client needs them all.
 * Errors are JSON in the one shape even on routes that send files, which @ApiProduces
 * would otherwise claim for their errors too.
 */
function documentErrors(document: OpenAPIObject): void {
  const content = { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } };
  const signedIn: ResponsesObject = {
    '401': { description: 'No valid access token: sign in (POST /auth/login) or refresh it', content },
    '403': {
      description:
        'Your role, or your agency, may not do this; or PASSWORD_CHANGE_REQUIRED: change the one-time password first',
      content,
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of methods) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      if (operation.security?.some((requirement) => 'bearer' in requirement)) {
        operation.responses = { ...signedIn, ...operation.responses };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^[45]/.test(status) && response && 'description' in response) response.content = content;
      }
    }
  }
}
