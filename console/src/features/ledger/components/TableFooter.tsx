// The line under a paged table: how many rows are loaded (where the page says), and "Load more" while
// the API has more.
import { Button, Flex, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** The part of a TanStack infinite query the footer needs. */
interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

export function TableFooter({ query, count, countTestId }: { query: PagedQuery; count?: ReactNode; countTestId?: string }) {
  const { t } = useTranslation("ledger");
  if (count === undefined && !query.hasNextPage) return null;
  return (
    <Flex
      justify={count === undefined ? "flex-end" : "space-between"}
      align="center"
      style={{ padding: "10px 12px" }}
      wrap
      gap="small"
    >
      {count === undefined ? null : (
        <Typography.Text type="secondary" data-testid={countTestId}>
          {count}
        </Typography.Text>
      )}
      {query.hasNextPage ? (
        <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
          {t("loadMore")}
        </Button>
      ) : null}
    </Flex>
  );
}
