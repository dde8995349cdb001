import enBase from './en.json';
import enManage from './en/manage.json';
import enMember from './en/memberPage.json';
import enRegister from './en/register.json';
import enSession from './en/session.json';
import enSync from './en/sync.json';
import zhBase from './zh-CN.json';
import zhManage from './zh-CN/manage.json';
import zhMember from './zh-CN/memberPage.json';
import zhRegister from './zh-CN/register.json';
import zhSession from './zh-CN/session.json';
import zhSync from './zh-CN/sync.json';

/**
 * One translation tree per locale: the desk's base file plus one file per screen area, each under
 * its own top-level key (session.*, register.*, memberPage.*, manage.*), so screens can grow their
 * wording without touching each other's files.
 */
export const zhCN = { ...zhBase, session: zhSession, register: zhRegister, memberPage: zhMember, manage: zhManage, sync: { ...zhBase.sync, ...zhSync } };
export const en = { ...enBase, session: enSession, register: enRegister, memberPage: enMember, manage: enManage, sync: { ...enBase.sync, ...enSync } };
