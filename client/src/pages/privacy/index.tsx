import { Text, View } from '@tarojs/components';
import PageShell from '../../components/PageShell';
import './index.scss';

const SECTIONS: { title: string; paragraphs: string[] }[] = [
  {
    title: '一、我们收集的信息',
    paragraphs: [
      '微信登录时，我们通过微信提供的登录凭证获取您在本小程序中的唯一标识（openid），用于识别您的账号；我们不获取您的微信昵称、头像和手机号码。',
      '您登录时填写的姓名或称呼，以及您在使用预约、政府信息公开申请、政策咨询等服务时主动提交的信息，仅用于办理相应事项。',
      '工作人员账号由系统管理员开设，我们保存其姓名、用户名、所属机关和角色，用于分配和记录政务工作。',
    ],
  },
  {
    title: '二、信息的使用',
    paragraphs: [
      '我们只在提供您所使用的服务所必需的范围内使用上述信息，不用于与服务无关的目的，不向任何第三方出售。',
      '依申请公开、政策咨询等事项的办理记录，按照政府信息公开和档案管理的有关规定保存。',
    ],
  },
  {
    title: '三、信息的存储与保护',
    paragraphs: [
      '您的信息存储在中华人民共和国境内的政务服务器上，采取访问控制、传输加密、操作留痕等措施防止泄露、篡改和丢失。',
      '登录状态保存在您的设备上，您可随时在“我的”页面退出登录；退出后本设备不再保留您的登录信息。',
    ],
  },
  {
    title: '四、设备权限',
    paragraphs: [
      '本小程序目前不使用您的位置、相册、摄像头、麦克风和剪贴板。今后如确需使用，将在使用前单独征得您的同意，您可以拒绝。',
    ],
  },
  {
    title: '五、您的权利',
    paragraphs: [
      '您可以查阅、更正您提交的个人信息，也可以注销账号。如需帮助，请拨打首页公布的政务公开咨询电话，我们将在15个工作日内答复。',
    ],
  },
  {
    title: '六、指引的更新',
    paragraphs: ['本指引如有更新，我们将在小程序内显著位置提示。更新后继续使用即表示您同意更新后的指引。'],
  },
];

export default function PrivacyPage() {
  return (
    <PageShell className="privacy-page">
      <View className="zw-card privacy-card">
        <Text className="privacy-title">掌上政务公开专区用户隐私保护指引</Text>
        <Text className="privacy-lead">
          本指引说明掌上政务公开专区（以下简称“本小程序”）如何收集、使用和保护您的个人信息。请您在使用前仔细阅读。
        </Text>
        {SECTIONS.map((section) => (
          <View key={section.title} className="privacy-section">
            <Text className="privacy-section__title">{section.title}</Text>
            {section.paragraphs.map((paragraph) => (
              <Text key={paragraph} className="privacy-section__text">
                {paragraph}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </PageShell>
  );
}
