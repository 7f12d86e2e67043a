import { describe, expect, it } from 'vitest';
import { personOptions } from '#functions/http/ui/parts.tsx';

describe('people to choose from', () => {
  it('tells two people of the same name and department apart by their email, and no one else', () => {
    const person = (id: string, name: string, departmentId: string) => ({
      id,
      name,
      email: `${id}@zone.example.cn`,
      departmentId,
    });
    const options = personOptions(
      [
        person('a', '陈静', 'd1'),
        person('b', '陈静', 'd1'),
        person('c', '陈静', 'd2'),
        person('d', '王芳', 'd1'),
      ],
      (id) => (id === 'd1' ? '招商一局' : '企业服务局'),
    );
    expect(options.map((o) => o.label)).toEqual([
      '陈静 · 招商一局 · a@zone.example.cn',
      '陈静 · 招商一局 · b@zone.example.cn',
      '陈静 · 企业服务局',
      '王芳 · 招商一局',
    ]);
  });
});
