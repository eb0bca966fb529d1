import { Global, Logger, Module } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from '@mou/config';
import { dataSourceOptions } from './data-source.js';
import { migrateDatabase } from './migrate.js';
import { isUnreachable, ServiceUnreachableError } from './connection-error.js';
import { DataSource } from 'typeorm';

/**
 * Connects to PostgreSQL, creating the database and applying migrations first, so a
 * fresh machine needs nothing but `npm start`.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: ConfigType<typeof databaseConfig>) => ({
        ...dataSourceOptions(config.appUrl, config.poolSize),
        ownerUrl: config.url,
        retryAttempts: 0,
      }),
      dataSourceFactory: async (options) => {
        const { url, ownerUrl } = options as unknown as { url: string; ownerUrl: string };
        const applied = await migrateDatabase(ownerUrl);
        if (applied.length) new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
        const dataSource = new DataSource(options!);
        try {
          await dataSource.initialize();
        } catch (error) {
          if (isUnreachable(error)) throw new ServiceUnreachableError('PostgreSQL', url, error);
          throw error;
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
