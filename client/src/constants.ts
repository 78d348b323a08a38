/** 首页 citizen topics (主题服务), in the order people look for them. */
export const CITIZEN_TOPICS = [
  '生育',
  '上学',
  '就业',
  '创业',
  '养老',
  '医疗',
  '纳税',
  '社保',
  '住房',
] as const;

/** Services on the 办事 tab. */
export const SERVICES = [
  {
    key: 'disclosure',
    title: '政府信息公开申请',
    description: '依据《中华人民共和国政府信息公开条例》，向行政机关申请获取政府信息',
  },
  {
    key: 'consultation',
    title: '政策咨询',
    description: '就生育、上学、就业、创业、养老、医疗、纳税等政策向主管部门留言咨询，限时答复',
  },
  {
    key: 'consultation-mine',
    title: '我的咨询',
    description: '查看咨询答复，评价答复或追问',
  },
  {
    key: 'consultation-public',
    title: '咨询问答公开',
    description: '已答复并经提问人同意公开的政策问答',
  },
  {
    key: 'bookings',
    title: '我的预约',
    description: '查看政务公开讲的预约记录和入场码',
  },
] as const;

export const COMING_SOON = '即将开放';
