// Plausible but fictional Chinese names for the demo: people, roads, compounds (小区), shops and units.
// Uniqueness is per preset (a Names instance), since search and grid cards tell places apart by name.
import type { Random } from './seeded.random.ts';

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
];
// Frequency falls off down the list, roughly as in the census.
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / (1 + i * 0.12));

const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '英', '华', '玉', '兰', '萍', '红', '建', '文', '辉', '力', '鹏', '斌', '宇', '浩', '凯', '晨', '欣', '怡',
  '婷', '雪', '琳', '思', '雨', '子', '梓', '涵', '博', '睿', '嘉', '佳', '颖', '悦', '瑶', '彤', '昊', '轩', '宁', '晓',
  '海', '东', '志', '国', '春', '燕', '丹', '倩', '俊', '峰', '亮', '琴', '云', '莉', '慧', '德', '成', '林', '波', '新',
];

// Characters that read well in place names: compounds, roads, communities.
const PLACE = [
  '万', '景', '和', '燕', '锦', '华', '金', '翠', '柳', '月', '星', '康', '乐', '福', '瑞', '祥', '嘉', '馨', '怡', '雅',
  '泰', '安', '宁', '新', '丰', '盛', '兴', '恒', '润', '泽', '江', '湖', '山', '林', '桂', '兰', '梅', '竹', '春', '秋',
  '阳', '光', '明', '天', '虹', '云', '青', '紫', '丹', '龙', '凤', '玉', '银', '港', '南', '西', '北', '中', '长', '永',
  '广', '德', '仁', '义', '文', '武', '博', '育', '晨', '晓', '望', '海', '川', '源', '溪', '桥', '园', '苑', '峰', '岭',
  '松', '柏', '杨', '荷', '莲', '菊', '兆', '鸿', '鹏', '远', '达', '通', '顺', '利', '富', '贵', '昌', '隆', '清', '秀',
];

const COMPOUND_SUFFIX = ['花园', '新村', '小区', '苑', '家园', '公寓', '雅居', '名都', '华庭', '佳园', '新城', '里', '山庄', '雅苑', '公馆', '嘉园', '东苑', '西苑', '北苑', '南苑'];
const ROAD_SUFFIX = ['路', '路', '路', '街', '大街', '路'];
const PROPERTY_SUFFIX = ['物业管理有限公司', '物业服务有限公司', '物业公司'];

const SHOP_KINDS = [
  '便利店', '超市', '水果店', '大药房', '面馆', '早餐店', '理发店', '五金店', '快递驿站', '烟酒店', '干洗店', '花店',
  '母婴店', '手机维修', '眼镜店', '包子铺', '烧烤店', '奶茶店', '文具店', '茶叶店', '粮油店', '汽车美容', '宠物店', '洗衣房',
];
const SHOP_PREFIX = ['好邻居', '老王', '老李', '小张', '阿福', '红星', '金太阳', '惠民', '便民', '顺心', '美味', '鲜丰', '利民', '家乐', '老街', '福满', '一品', '百味', '兴隆', '阳光'];

export type UnitType = 'primary_school' | 'middle_school' | 'kindergarten' | 'health_centre' | 'hospital' | 'police' | 'market' | 'office' | 'elderly_home' | 'street_office' | 'community_centre';

export const UNIT_NAMES: Record<UnitType, { suffix: string; buildings: string[] }> = {
  primary_school: { suffix: '小学', buildings: ['教学楼', '综合楼', '实验楼', '体育馆'] },
  middle_school: { suffix: '中学', buildings: ['教学楼', '实验楼', '图书馆', '综合楼', '宿舍楼'] },
  kindergarten: { suffix: '幼儿园', buildings: ['教学楼', '活动楼'] },
  health_centre: { suffix: '社区卫生服务中心', buildings: ['门诊楼', '综合楼'] },
  hospital: { suffix: '医院', buildings: ['门诊楼', '住院楼', '医技楼', '行政楼'] },
  police: { suffix: '派出所', buildings: ['办公楼'] },
  market: { suffix: '农贸市场', buildings: ['市场大棚', '综合楼'] },
  office: { suffix: '科技大厦', buildings: ['A座', 'B座', 'C座'] },
  elderly_home: { suffix: '养老服务中心', buildings: ['护理楼', '活动楼'] },
  street_office: { suffix: '街道办事处', buildings: ['办公楼', '便民服务中心'] },
  community_centre: { suffix: '党群服务中心', buildings: ['服务楼', '活动室'] },
};

export interface Names {
  person(r: Random, surname?: string): string;
  surname(r: Random): string;
  road(r: Random): string;
  compound(r: Random, stem?: string): string;
  placeStem(r: Random): string;
  property(r: Random, compound: string): string;
  shop(r: Random): string;
  /** reserves a name made elsewhere (preset lists), so generated names never collide with it */
  reserve(name: string): void;
  taken(name: string): boolean;
}

export function createNames(): Names {
  const used = new Set<string>();
  const unique = (make: () => string, tries = 200): string => {
    for (let i = 0; i < tries; i++) {
      const name = make();
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
    // Ran out of short names: a numbered variant is still unique and still reads like a place.
    for (let n = 2; ; n++) {
      const name = `${make()}${n}期`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  const stem = (r: Random) => {
    const a = r.pick(PLACE);
    let b = r.pick(PLACE);
    while (b === a) b = r.pick(PLACE);
    return a + b;
  };
  const names: Names = {
    surname: (r) => r.weighted(SURNAMES, SURNAME_WEIGHTS),
    person: (r, surname) => (surname ?? names.surname(r)) + r.pick(GIVEN) + (r.chance(0.7) ? r.pick(GIVEN) : ''),
    road: (r) => unique(() => stem(r) + r.pick(ROAD_SUFFIX)),
    compound: (r, given) => unique(() => (given && r.chance(0.5) ? given : stem(r)) + r.pick(COMPOUND_SUFFIX)),
    placeStem: (r) => unique(() => stem(r)),
    property: (r, compound) => compound.slice(0, 2) + r.pick(PROPERTY_SUFFIX),
    shop: (r) => r.pick(SHOP_PREFIX) + r.pick(SHOP_KINDS),
    reserve: (name) => {
      used.add(name);
    },
    taken: (name) => used.has(name),
  };
  return names;
}
