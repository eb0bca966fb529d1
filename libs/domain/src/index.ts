export * from './calendar/calendar-date.js';
export * from './calendar/clock.js';
export * from './agreements/agreement.vocabulary.js';
export * from './agreements/expiry.policy.js';
export * from './agreements/agreement-status.policy.js';
export * from './agreements/agreement.entity.js';
export * from './agreements/agreement-area.entity.js';
export * from './milestones/milestone.vocabulary.js';
export * from './milestones/milestone.entity.js';
export * from './cooperation-areas/cooperation-area.entity.js';
export * from './parties/countries.js';
export * from './parties/organizations.js';
export * from './errors/domain-error.js';

import { Agreement } from './agreements/agreement.entity.js';
import { AgreementArea } from './agreements/agreement-area.entity.js';
import { CooperationArea } from './cooperation-areas/cooperation-area.entity.js';
import { Milestone } from './milestones/milestone.entity.js';

export const entities = [Agreement, AgreementArea, CooperationArea, Milestone];
export * from './access/actor.js';
export * from './access/agency-scope.policy.js';
export * from './access/password-strength.js';
