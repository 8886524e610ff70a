import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { isModerator, servesGuild } from '../../src/discord/permissions';

const perms = (...bits: bigint[]) => new PermissionsBitField(bits);

describe('isModerator', () => {
  it('accepts Manage Server or Administrator', () => {
    expect(isModerator({ permissions: perms(PermissionFlagsBits.ManageGuild), roleIds: [] }, [])).toBe(true);
    expect(isModerator({ permissions: perms(PermissionFlagsBits.Administrator), roleIds: [] }, [])).toBe(
      true,
    );
  });

  it('accepts a configured moderator role', () => {
    expect(
      isModerator({ permissions: perms(PermissionFlagsBits.SendMessages), roleIds: ['42'] }, ['42']),
    ).toBe(true);
  });

  it('refuses everyone else', () => {
    const plain = perms(PermissionFlagsBits.SendMessages);
    expect(isModerator({ permissions: plain, roleIds: ['7'] }, ['42'])).toBe(false);
    expect(isModerator({ permissions: plain, roleIds: [] }, [])).toBe(false);
  });
});

describe('servesGuild', () => {
  it('serves every server while GUILD_IDS is empty, and direct messages always', () => {
    expect(servesGuild('123456789012345678', [])).toBe(true);
    expect(servesGuild(null, ['123456789012345678'])).toBe(true);
  });

  it('serves only the listed servers once GUILD_IDS is set', () => {
    expect(servesGuild('123456789012345678', ['123456789012345678'])).toBe(true);
    expect(servesGuild('999999999999999999', ['123456789012345678'])).toBe(false);
  });
});
