/**
 * The first start (preload/contract/setup-schemas.ts): what an unconfigured console answers before
 * anyone can sign in. setup:create makes the town and its first administrator, and signs them in.
 */
import { sessionInfo, type HandlerTable } from './handler-support';

export const SETUP_HANDLERS: Pick<HandlerTable, 'setup:status' | 'setup:create'> = {
  'setup:status': async (core) => ({
    configured: core.town.configured,
    demo: core.town.demo,
    townCode: core.town.town.townCode,
    townName: core.town.town.name,
    districtTownCode: core.districtTownCode ?? '',
  }),
  'setup:create': async (core, session, req) => {
    await core.setUpTown(req);
    const signedIn = await core.auth.login(req.admin.username, req.admin.password, session.address);
    session.actor = signedIn.actor;
    session.mustChangePassword = false;
    session.locked = false;
    return sessionInfo(core, session, signedIn.actor);
  },
};
