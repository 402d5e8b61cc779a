/**
 * The town kept by hand (系统设置 → 人员 / 岗位 / 网格): one face over its three parts — people with their
 * accounts (people-admin.ts), posts with their A and B holders (posts-admin.ts), grids with their
 * shapes (grids-admin.ts). Every change is one kernel command: its audit row holds the record before
 * and after (never a password), and its outbox op sends the record to the district (PROTOCOL.md v1.1
 * `person`, `grid`; v1 `post`). The district's upserts of the same records are folded in by HLC (the
 * newest wins, a later local edit included) through the sinks app-core.ts registers. The catalogue
 * stays the district's: nothing here edits it.
 */
import type { ChangeFeed } from '../../feed';
import type { Kernel } from '../../kernel/command-runner';
import type { TownService } from '../town.service';
import { AdminContext, type AdminAccounts } from './admin-context';
import { GridsAdmin } from './grids-admin';
import { PeopleAdmin } from './people-admin';
import { PostsAdmin } from './posts-admin';

export type { AdminAccounts, TownSynced } from './admin-context';

export class TownAdminService {
  private readonly ctx: AdminContext;
  private readonly peopleAdmin: PeopleAdmin;
  private readonly postsAdmin: PostsAdmin;
  private readonly gridsAdmin: GridsAdmin;

  constructor(kernel: Kernel, town: TownService, accounts: AdminAccounts, feed: ChangeFeed) {
    this.ctx = new AdminContext(kernel, town, accounts, feed);
    this.peopleAdmin = new PeopleAdmin(this.ctx);
    this.postsAdmin = new PostsAdmin(this.ctx);
    this.gridsAdmin = new GridsAdmin(this.ctx);
  }

  // ---- people -----------------------------------------------------------------------------------
  people: PeopleAdmin['people'] = (actor) => this.peopleAdmin.people(actor);
  addPerson: PeopleAdmin['addPerson'] = (actor, req) => this.peopleAdmin.addPerson(actor, req);
  editPerson: PeopleAdmin['editPerson'] = (actor, req) => this.peopleAdmin.editPerson(actor, req);
  setPersonActive: PeopleAdmin['setPersonActive'] = (actor, personId, active) => this.peopleAdmin.setPersonActive(actor, personId, active);

  // ---- posts ------------------------------------------------------------------------------------
  posts: PostsAdmin['posts'] = (actor) => this.postsAdmin.posts(actor);
  addPost: PostsAdmin['addPost'] = (actor, req) => this.postsAdmin.addPost(actor, req);
  editPost: PostsAdmin['editPost'] = (actor, req) => this.postsAdmin.editPost(actor, req);
  setPostActive: PostsAdmin['setPostActive'] = (actor, postId, active) => this.postsAdmin.setPostActive(actor, postId, active);

  // ---- grids ------------------------------------------------------------------------------------
  grids: GridsAdmin['grids'] = (actor) => this.gridsAdmin.grids(actor);
  grid: GridsAdmin['grid'] = (actor, code) => this.gridsAdmin.grid(actor, code);
  addGrid: GridsAdmin['addGrid'] = (actor, req) => this.gridsAdmin.addGrid(actor, req);
  editGrid: GridsAdmin['editGrid'] = (actor, req) => this.gridsAdmin.editGrid(actor, req);
  setGridActive: GridsAdmin['setGridActive'] = (actor, code, active) => this.gridsAdmin.setGridActive(actor, code, active);

  // ---- the district's upserts (sync sinks, inside the page's transaction) ------------------------
  applyRemotePerson: PeopleAdmin['applyRemotePerson'] = (...args) => this.peopleAdmin.applyRemotePerson(...args);
  applyRemotePost: PostsAdmin['applyRemotePost'] = (...args) => this.postsAdmin.applyRemotePost(...args);
  applyRemoteGrid: GridsAdmin['applyRemoteGrid'] = (...args) => this.gridsAdmin.applyRemoteGrid(...args);

  /** After a sync page that brought any of them. */
  remoteChanged(): Promise<void> {
    return this.ctx.changed(true);
  }
}
