import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { allConfigs } from '@mou/config';

/** Every feature config, validated as it loads; a bad variable stops the boot. */
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: allConfigs, cache: true })],
})
export class AppConfigModule {}
