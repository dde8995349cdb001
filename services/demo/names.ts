/** Name parts for demo members: common family names and given names of gym and yoga members. */
export const FAMILY_NAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗', '郑', '梁', '谢', '宋', '唐', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '潘', '袁', '蒋', '蔡', '余', '杜'];
export const GIVEN_FEMALE = ['芳', '娜', '敏', '静', '丽', '婷', '雪', '琳', '晓雨', '思琪', '雨桐', '欣怡', '佳怡', '梦瑶', '诗涵', '子涵', '可馨', '语嫣', '若曦', '嘉怡', '婉清', '一诺'];
export const GIVEN_MALE = ['伟', '强', '磊', '洋', '勇', '军', '杰', '涛', '浩然', '子轩', '宇航', '俊杰', '博文', '天佑', '志强', '建华', '明', '鹏', '昊天', '逸凡', '文博', '嘉豪'];
export const PLANS = ['年卡', '季卡', '月卡', '瑜伽年卡', '私教课包 + 年卡', '次卡 (30 次)'];
export const CLASS_NAMES: { name: string; coach: string; hour: number; minute: number; minutes: number; capacity: number }[] = [
  { name: '晨间流瑜伽', coach: '陈静', hour: 7, minute: 0, minutes: 60, capacity: 20 },
  { name: '普拉提核心', coach: '刘洋', hour: 9, minute: 30, minutes: 50, capacity: 16 },
  { name: '动感单车', coach: '刘洋', hour: 12, minute: 15, minutes: 45, capacity: 30 },
  { name: 'HIIT 燃脂', coach: '陈静', hour: 18, minute: 30, minutes: 45, capacity: 24 },
  { name: '阴瑜伽', coach: '陈静', hour: 20, minute: 0, minutes: 75, capacity: 18 },
];
