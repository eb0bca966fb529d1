import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import { NulCharactersPipe } from './common/nul-characters.pipe.js';
import { createValidationPipe } from './common/validation.js';

/** Everything main.ts and the tests both apply to the app, so tests run what ships. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useLogger(app.get(PinoLogger));
  app.useGlobalPipes(new NulCharactersPipe(), createValidationPipe());
  app.enableShutdownHooks();

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
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
