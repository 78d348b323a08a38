import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { FavoriteItem } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { beijingDate, policiesApi } from '../../api/policies';
import { ROUTES } from '../../routes';
import { useSession } from '../../store/session';
import PolicyItem from '../policy/PolicyItem';
import '../policy/index.scss';
import './index.scss';

/** 我的收藏: favourited documents, newest first; one no longer public stays listed with a note. */
export default function PolicyFavoritesPage() {
  const session = useSession();
  const [items, setItems] = useState<FavoriteItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await policiesApi.favorites(after, { toast: false });
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setLoading(false);
    }
  };

  useDidShow(() => {
    if (session) void load(null);
    else setLoading(false);
  });

  const remove = async (f: FavoriteItem) => {
    try {
      await policiesApi.favorite(f.policyId, false);
      setItems((prev) => prev.filter((x) => x.policyId !== f.policyId));
      void Taro.showToast({ title: '已取消收藏', icon: 'none' });
    } catch {
      // The API client already showed the Chinese error.
    }
  };

  return (
    <PageShell className="policy-favorites-page">
      {!session ? <EmptyState title="请先登录" description="登录后可查看您收藏的政策文件" /> : null}
      {session ? (
        <View className="zw-card pf-list">
          {items.map((f) =>
            f.policy ? (
              <View key={f.policyId} className="pf-item">
                <PolicyItem item={f.policy} searching={false} />
                <View className="pf-item__foot">
                  <Text className="zw-note">收藏于 {beijingDate(f.favoritedAt)}</Text>
                  <View
                    className="pf-item__remove"
                    role="button"
                    aria-label={`取消收藏 ${f.title}`}
                    onClick={() => void remove(f)}
                  >
                    取消收藏
                  </View>
                </View>
              </View>
            ) : (
              <View key={f.policyId} className="pf-item pf-item--gone">
                <Text className="policy-item__title">{f.title}</Text>
                <View className="pf-item__foot">
                  <Text className="zw-note">该文件已不再公开</Text>
                  <View
                    className="pf-item__remove"
                    role="button"
                    aria-label={`移除 ${f.title}`}
                    onClick={() => void remove(f)}
                  >
                    移除
                  </View>
                </View>
              </View>
            ),
          )}
          {loading ? <LoadingState /> : null}
          {error ? <ErrorState message={error} onRetry={() => void load(null)} /> : null}
          {!loading && !error && !items.length ? (
            <View>
              <EmptyState title="还没有收藏的文件" description="在政策文件页点击“收藏”，即可在这里快速找到" />
              <View
                className="zw-button zw-button--ghost"
                role="link"
                aria-label="去看政策文件"
                onClick={() => void Taro.switchTab({ url: ROUTES.policy })}
              >
                去看政策文件
              </View>
            </View>
          ) : null}
          {!loading && cursor ? (
            <View
              className="policy-more"
              role="button"
              aria-label="加载更多"
              onClick={() => void load(cursor)}
            >
              加载更多
            </View>
          ) : null}
        </View>
      ) : null}
      <Text className="zw-note">提示：文件的有效性可能变化，办理事项前请以文件页面显示为准。</Text>
    </PageShell>
  );
}
