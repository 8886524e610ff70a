import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { isModerator } from '../../src/discord/permissions';

const perms = (...bits: bigint[]) => new PermissionsBitField(bits);

describe('isModerator', () => {
  it('accepts Manage Server or Administrator', () => {
    expect(
      isModerator({ memberPermissions: perms(PermissionFlagsBits.ManageGuild), member: { roles: [] } }, []),
    ).toBe(true);
    expect(
      isModerator({ memberPermissions: perms(PermissionFlagsBits.Administrator), member: { roles: [] } }, []),
    ).toBe(true);
  });

  it('accepts a configured moderator role from a raw member or a cached one', () => {
    const plain = perms(PermissionFlagsBits.SendMessages);
    expect(isModerator({ memberPermissions: plain, member: { roles: ['42'] } }, ['42'])).toBe(true);
    expect(
      isModerator({ memberPermissions: plain, member: { roles: { cache: new Map([['42', {}]]) } } }, ['42']),
    ).toBe(true);
  });

  it('refuses everyone else, and everything outside a guild', () => {
    const plain = perms(PermissionFlagsBits.SendMessages);
    expect(isModerator({ memberPermissions: plain, member: { roles: ['7'] } }, ['42'])).toBe(false);
    expect(isModerator({ memberPermissions: null, member: null }, ['42'])).toBe(false);
  });
});
